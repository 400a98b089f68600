import type { Attributes } from '@opentelemetry/api';
import type { RequestEvent } from '@invoicekit/core';

/** The stable HTTP client attribute names (OpenTelemetry semantic conventions 1.26+) this package sets. */
export const SEMCONV = {
  method: 'http.request.method',
  statusCode: 'http.response.status_code',
  resendCount: 'http.request.resend_count',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  urlFull: 'url.full',
  urlScheme: 'url.scheme',
  errorType: 'error.type',
} as const;

/** invoicekit's own attributes, under its namespace. */
export const INVOICEKIT = {
  provider: 'invoicekit.provider',
  operation: 'invoicekit.operation',
  outcome: 'invoicekit.webhook.outcome',
  verification: 'invoicekit.webhook.verification',
  confirmations: 'invoicekit.webhook.confirmations',
  status: 'invoicekit.invoice.status',
} as const;

/** Where a URL points: host, port (the scheme's default when none is written) and scheme; empty when unreadable. */
const target = (url: string): Attributes => {
  try {
    const parsed = new URL(url);
    const scheme = parsed.protocol.replace(/:$/, '');
    const port =
      parsed.port === ''
        ? scheme === 'https'
          ? 443
          : scheme === 'http'
            ? 80
            : undefined
        : Number(parsed.port);
    return {
      [SEMCONV.serverAddress]: parsed.hostname,
      ...(port === undefined ? {} : { [SEMCONV.serverPort]: port }),
      [SEMCONV.urlScheme]: scheme,
    };
  } catch {
    return {};
  }
};

/**
 * `error.type` of an attempt: the status code for an answer of 400 or more (the convention for HTTP
 * clients), `timeout` for a timeout, the connection failure's code (`ECONNREFUSED`…), else the error's tag.
 */
export const errorType = (event: RequestEvent): string | undefined =>
  event.status !== null
    ? event.status >= 400
      ? String(event.status)
      : undefined
    : event.errorTag === 'Timeout'
      ? 'timeout'
      : (event.errorCode ?? event.errorTag ?? undefined);

/** The attributes of the `http.client.request.duration` metric for one attempt (low cardinality: no URL). */
export const metricAttributes = (event: RequestEvent): Attributes => {
  const error = errorType(event);
  return {
    [SEMCONV.method]: event.method,
    ...target(event.url),
    ...(event.status === null ? {} : { [SEMCONV.statusCode]: event.status }),
    ...(error === undefined ? {} : { [SEMCONV.errorType]: error }),
  };
};

/** The attributes of one attempt's client span: the metric's, the redacted URL, the resend count and the operation. */
export const spanAttributes = (event: RequestEvent): Attributes => ({
  ...metricAttributes(event),
  [SEMCONV.urlFull]: event.url,
  ...(event.attempt > 1 ? { [SEMCONV.resendCount]: event.attempt - 1 } : {}),
  [INVOICEKIT.provider]: event.provider,
  [INVOICEKIT.operation]: event.operation,
});
