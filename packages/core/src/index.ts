export { Secret, secret, SecretFromString } from './secret';
export {
  Decimal,
  type DecimalBrand,
  decimalFromString,
  decimalFromNumber,
  decimalFromNumberText,
  isPositive,
  compareDecimals,
} from './decimal';
export {
  parseJsonLossless,
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
export { decodeConfig } from './config';
export { reportIssues } from './report';
export { guardTransport, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';
export { createAxiosTransport, defaultTransport, type AxiosTransportOptions } from './axiosTransport';
export { bodyExcerpt, headerValue, retryAfterMs, commonHttpError } from './http';
export { parseResponseBody, decodeResponseBody } from './decode';
export { WireDecimalString, WireDecimalNumber, WireId, WireInteger, WireUnixSeconds } from './wire';
export type { InvoiceProvider, WebhookRequest } from './provider';
export { InvoiceKitError, toPromise, getOrThrow, withPromises, type PromiseInvoiceProvider } from './facade';
export { VERSION } from './version';
