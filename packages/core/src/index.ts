export { Secret, secret, SecretFromString } from './secret';
export {
  Decimal,
  type DecimalBrand,
  decimalFromString,
  decimalFromNumber,
  decimalFromNumberText,
  canonicalDecimal,
  fractionDigits,
  MAX_DECIMAL_EXPONENT,
  isPositive,
  compareDecimals,
} from './decimal';
export {
  parseJsonLossless,
  MAX_JSON_DEPTH,
  stringifyJson,
  wireNumber,
  plainJson,
  LosslessNumber,
  isLosslessNumber,
} from './json';
export { ProviderId } from './ids';
export * from './errors';
export {
  DateFromISOString,
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
  type ValidInvoiceRequest,
  validateCreateInvoiceRequest,
} from './request';
export {
  CurrencyCode,
  EmailAddress,
  HttpsDomainUrl,
  PastCalendarDate,
  CountryAlpha3,
  PositiveInteger,
  HttpBaseUrl,
  textOfLength,
  closedObject,
  type ObjectCodec,
} from './fields';
export { decodeConfig, snapshotConfig } from './config';
export { snapshotInput, MAX_INPUT_DEPTH } from './snapshot';
export { readInvoiceRef, type ResolvedRef } from './ref';
export { credentialScrubber, scrubError, MIN_SCRUBBED_LENGTH, type Scrubber } from './scrub';
export { isRecord, textOrNull, constantTimeEquals } from './guards';
export { reportIssues } from './report';
export { guardTransport, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';
export { createAxiosTransport, defaultTransport, type AxiosTransportOptions } from './axiosTransport';
export { bodyExcerpt, headerValue, retryAfterMs, MAX_RETRY_AFTER_MS, commonHttpError } from './http';
export { parseResponseBody, decodeResponseBody } from './decode';
export { WireDecimalString, WireDecimalNumber, WireId, WireInteger, WireUnixSeconds } from './wire';
export type { InvoiceProvider, WebhookRequest } from './provider';
export { InvoiceKitError, toPromise, getOrThrow, withPromises, type PromiseInvoiceProvider } from './facade';
export { VERSION } from './version';
