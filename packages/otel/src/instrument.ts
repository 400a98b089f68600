import {
  context,
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type MeterProvider,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api';
import { VERSION, type OperationStart, type ProviderHooks } from '@invoicekit/core';
import { errorType, INVOICEKIT, metricAttributes, spanAttributes } from './attributes';

/** Where the spans and the metric go; the global providers (`trace`, `metrics`) by default. */
export interface OtelOptions {
  readonly tracerProvider?: TracerProvider;
  readonly meterProvider?: MeterProvider;
}

/** The instrumentation scope name of every span and metric. */
export const INSTRUMENTATION_NAME = '@invoicekit/otel';

/** The histogram buckets the HTTP semantic conventions advise for `http.client.request.duration`, in seconds. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * Hooks that turn a provider's events into OpenTelemetry: a span per operation (`btcpay createInvoice`,
 * internal) made the active context while it runs, a client span per HTTP attempt under it (stable HTTP
 * client conventions: `http.request.method`, `server.address`, `server.port`, `url.full` with
 * credentials redacted, `http.response.status_code`, `error.type`, `http.request.resend_count`), a span
 * per webhook with its outcome, and the `http.client.request.duration` histogram in seconds. Attempt
 * spans nest under their operation where the app's context manager carries context across awaits (Node's
 * AsyncLocalStorage one does); elsewhere they are children of whatever context is active.
 */
export const otelHooks = (options: OtelOptions = {}): ProviderHooks => {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    INSTRUMENTATION_NAME,
    VERSION,
  );
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME, VERSION);
  const duration = meter.createHistogram('http.client.request.duration', {
    description: 'Duration of HTTP client requests.',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const open = new Map<number, Span>();

  const close = (
    id: number,
    endTime: number,
    error: string | null,
    attributes: Record<string, string | number | boolean>,
  ) => {
    const span = open.get(id);
    if (span === undefined) return;
    open.delete(id);
    span.setAttributes(attributes);
    if (error !== null) {
      span.setAttribute('error.type', error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    span.end(endTime);
  };

  return {
    scope: (start: OperationStart, run) => {
      const span = tracer.startSpan(`${start.provider} ${start.operation}`, {
        kind: SpanKind.INTERNAL,
        startTime: start.startTime,
        attributes: { [INVOICEKIT.provider]: start.provider, [INVOICEKIT.operation]: start.operation },
      });
      open.set(start.id, span);
      return context.with(trace.setSpan(context.active(), span), run);
    },
    onRequest: (event) => {
      const error = errorType(event);
      const span = tracer.startSpan(event.method, {
        kind: SpanKind.CLIENT,
        startTime: event.startTime,
        attributes: spanAttributes(event),
      });
      if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end(event.startTime + event.durationMs);
      duration.record(event.durationMs / 1000, metricAttributes(event));
    },
    onOperation: (event) => close(event.id, event.startTime + event.durationMs, event.errorTag, {}),
    onWebhook: (event) =>
      close(
        event.id,
        event.startTime + event.durationMs,
        event.outcome === 'verified' ? null : event.outcome,
        {
          [INVOICEKIT.outcome]: event.outcome,
          [INVOICEKIT.verification]: event.verification,
          [INVOICEKIT.confirmations]: event.confirmations,
          ...(event.status === null ? {} : { [INVOICEKIT.status]: event.status }),
        },
      ),
  };
};
