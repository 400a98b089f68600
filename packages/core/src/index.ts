/**
 * The user surface: canonical model, errors, the provider interface, the Promise facade and `Secret`.
 * @module @invoicekit/core
 */
export { Secret, secret } from './secret';
export {
  Decimal,
  type DecimalBrand,
  canonicalDecimal,
  compareDecimals,
  isPositive,
  owedAfter,
} from './decimal';
export { ProviderId } from './ids';
export {
  describeError,
  type Describable,
  type Issue,
  type InvalidRequest,
  type Unsupported,
  type Unauthorized,
  type DuplicateOrder,
  type Rejected,
  type NotFound,
  type RateLimited,
  type ProviderUnavailable,
  type Timeout,
  type NetworkError,
  type UnexpectedResponse,
  type InvoiceError,
  type SignatureInvalid,
  type MalformedWebhook,
  type UnsupportedEvent,
  type ConfirmationFailed,
  type WebhookError,
  type InvalidConfig,
  type ConfigError,
  type InvoiceKitFailure,
} from './errors';
export { ERRORS_DOC_URL, errorDocsUrl, explainError } from './errorDocs';
export type { RetryPolicy } from './retry';
export {
  Money,
  InvoiceStatus,
  PaymentDetails,
  Invoice,
  FailureReason,
  EventTransaction,
  InvoiceEvent,
  ProviderCapabilities,
  InvoiceCancellation,
  type InvoiceRef,
} from './model';
export {
  AmountInput,
  NaturalSender,
  LegalSender,
  Sender,
  Customer,
  RedirectUrls,
  CreateInvoiceRequest,
} from './request';
export type { InvoiceProvider, WebhookRequest } from './provider';
export type { ProviderOptions, ProviderDescriptor, ConfigOf } from './descriptor';
export { InvoiceKitError, toPromise, getOrThrow, withPromises, type PromiseInvoiceProvider } from './facade';
export { VERSION } from './version';
export {
  hookFailures,
  combineHooks,
  type ProviderHooks,
  type RequestEvent,
  type OperationEvent,
  type WebhookEvent,
  type OperationStart,
} from './hooks';
export { type RetryOptions, MAX_ATTEMPTS, RETRY_DEFAULTS } from './retryRules';
export { DEFAULT_PERSONAL_FIELDS } from './redact';
