/**
 * `@invoicekit/otel`: OpenTelemetry spans and the `http.client.request.duration` metric from a provider's hooks.
 *
 * @module @invoicekit/otel
 */
export { otelHooks, INSTRUMENTATION_NAME, DURATION_BUCKETS, type OtelOptions } from './instrument';
export { SEMCONV, INVOICEKIT, errorType, metricAttributes, spanAttributes } from './attributes';
