/**
 * The adapter-author toolkit: wire codecs, transport, decode, error builders and the provider descriptor.
 * @module @invoicekit/core/adapter
 */
export { SecretFromString } from './secret';
export {
  decimalFromString,
  decimalFromNumber,
  decimalFromNumberText,
  canonicalDecimal,
  fractionDigits,
  MAX_DECIMAL_EXPONENT,
  isPositive,
} from './decimal';
export {
  parseJsonLossless,
  MAX_JSON_DEPTH,
  stringifyJson,
  wireNumber,
  plainJson,
  plainJsonInPlace,
  LosslessNumber,
  isLosslessNumber,
} from './json';
export {
  invalidRequest,
  unsupported,
  unauthorized,
  duplicateOrder,
  rejected,
  wrongBaseUrl,
  WRONG_BASE_URL_CODE,
  notFound,
  rateLimited,
  providerUnavailable,
  timeout,
  networkError,
  unexpectedResponse,
  signatureInvalid,
  malformedWebhook,
  unsupportedEvent,
  confirmationFailed,
  invalidConfig,
} from './errors';
export { retryPolicy } from './retry';
export { DateFromISOString } from './model';
export {
  isLoopbackUrl,
  requestRulesFor,
  type RequestRules,
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
export { readInvoiceRef, readInvoiceRefWithId, type ResolvedRef } from './ref';
export { credentialScrubber, scrubError, MIN_SCRUBBED_LENGTH, type Scrubber } from './scrub';
export { isRecord, textOrNull, constantTimeEquals } from './guards';
export { reportIssues } from './report';
export { guardTransport, type HttpRequest, type HttpResponse, type HttpTransport } from './transport';
export {
  createAxiosTransport,
  createNodeTransport,
  defaultTransport,
  type AxiosTransportOptions,
  type NodeTransportOptions,
} from './defaultTransport';
export { createFetchTransport, type FetchTransportOptions } from './fetchTransport';
export { bodyExcerpt, headerValue, retryAfterMs, MAX_RETRY_AFTER_MS, commonHttpError } from './http';
export { parseResponseBody, decodeResponseBody } from './decode';
export {
  decodeCompiled,
  compiledAs,
  NOT_DECODED,
  readerOf,
  type Reader,
  type ReaderBuilder,
} from './compiled';
export { WireDecimalString, WireDecimalNumber, WireId, WireInteger, WireUnixSeconds } from './wire';
export { nullable, nullableFields, type NullableProps } from './nullable';
export { withRaw, type WithRaw } from './raw';
export { lookupWord } from './lookup';
export { configWithDefaults } from './defaults';
export {
  serializeRequest,
  roundTrip,
  jsonClient,
  type JsonClient,
  type Outgoing,
  type Exchange,
  type ApiTarget,
  type Send,
  type AuthHeaders,
} from './exchange';
export { checkResponse, decodeAnswer, type ErrorFromResponse } from './answer';
export { andThen, andThenEither, andThenTask } from './andThen';
export { readWebhookRequest, type ReceivedWebhook } from './webhookRequest';
export { readBoundedWebhook } from './boundedWebhook';
export {
  defineProvider,
  INVOICEKIT_ENV,
  PROVIDER_ENV_VARIABLE,
  descriptorFor,
  type ProviderDefinition,
  type ConfiguredProvider,
  type EnvField,
  type NamedConfig,
} from './descriptor';
export {
  utf8Encode,
  utf8Decode,
  utf8Length,
  toBytes,
  hexEncode,
  hexDecode,
  base64Encode,
  base64Decode,
  base64urlEncode,
  base64urlDecode,
  type ByteSource,
} from './bytes';
export { hmacSha256, hmacSha256Hex, hmacSha512, hmacSha512Hex, md5, md5Hex, timingSafeEqual } from './crypto';
export { type RequestOperation } from './transport';
export { observedTransport } from './observedTransport';
export { observeProvider, observeWebhook, type ConfirmationCounter, type CountedParse } from './observe';
export { recoverLostCreate, outcomeUnknown } from './lostCreate';
export { callHook, runScoped, startOperation, type EventHook, type EventOf } from './hooks';
export { exchangeRedactor, type ExchangeRedactor, type RedactedExchange } from './redact';
export {
  resendReason,
  waitBeforeRetry,
  backoffMs,
  retrySettings,
  retryOptionIssues,
  type RetrySettings,
} from './retryRules';
export { neverSent } from './retry';
export { checkOptions } from './descriptor';
