import type { ProviderId } from './ids';

/** One validation problem: where (`customer.email`) and what is wrong with it. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** Our validation failed; nothing was sent. */
export interface InvalidRequest {
  readonly _tag: 'InvalidRequest';
  readonly provider: ProviderId;
  readonly message: string;
  readonly issues: ReadonlyArray<Issue>;
}
/** The provider lacks this operation or feature; nothing was sent. */
export interface Unsupported {
  readonly _tag: 'Unsupported';
  readonly provider: ProviderId;
  readonly message: string;
  readonly feature: string;
}
/** Bad or missing key, signature or token. */
export interface Unauthorized {
  readonly _tag: 'Unauthorized';
  readonly provider: ProviderId;
  readonly message: string;
  readonly status: number;
  readonly code: string | null;
}
/** The provider says this orderId was already used. */
export interface DuplicateOrder {
  readonly _tag: 'DuplicateOrder';
  readonly provider: ProviderId;
  readonly message: string;
  readonly status: number;
  readonly orderId: string;
}
/** The provider refused the request (validation, disabled feature, bad format). */
export interface Rejected {
  readonly _tag: 'Rejected';
  readonly provider: ProviderId;
  readonly message: string;
  readonly status: number;
  readonly code: string | null;
  readonly fields: Readonly<Record<string, string>>;
}
/** The invoice does not exist. */
export interface NotFound {
  readonly _tag: 'NotFound';
  readonly provider: ProviderId;
  readonly message: string;
  readonly status: number;
}
/** The provider answered 429. */
export interface RateLimited {
  readonly _tag: 'RateLimited';
  readonly provider: ProviderId;
  readonly message: string;
  readonly retryAfterMs: number | null;
}
/** The provider answered 5xx. */
export interface ProviderUnavailable {
  readonly _tag: 'ProviderUnavailable';
  readonly provider: ProviderId;
  readonly message: string;
  readonly status: number;
}
/** No answer within `timeoutMs`. */
export interface Timeout {
  readonly _tag: 'Timeout';
  readonly provider: ProviderId;
  readonly message: string;
  readonly timeoutMs: number;
}
/** Connection refused or reset, or the host name did not resolve. */
export interface NetworkError {
  readonly _tag: 'NetworkError';
  readonly provider: ProviderId;
  readonly message: string;
  readonly code: string;
}
/** A body we cannot decode: wrong shape, bad JSON, malformed amount, too large. */
export interface UnexpectedResponse {
  readonly _tag: 'UnexpectedResponse';
  readonly provider: ProviderId;
  readonly message: string;
  readonly status: number;
  readonly issues: ReadonlyArray<Issue>;
  readonly bodyExcerpt: string;
}

/** Everything an invoice operation can fail with. */
export type InvoiceError =
  | InvalidRequest
  | Unsupported
  | Unauthorized
  | DuplicateOrder
  | Rejected
  | NotFound
  | RateLimited
  | ProviderUnavailable
  | Timeout
  | NetworkError
  | UnexpectedResponse;

/** Missing or wrong signature, wrong key, or a bad, expired or algorithm-mismatched token. */
export interface SignatureInvalid {
  readonly _tag: 'SignatureInvalid';
  readonly provider: ProviderId;
  readonly message: string;
}
/** The webhook is authentic but its body cannot be decoded. */
export interface MalformedWebhook {
  readonly _tag: 'MalformedWebhook';
  readonly provider: ProviderId;
  readonly message: string;
  readonly issues: ReadonlyArray<Issue>;
}
/** The webhook is authentic and valid but not an invoice event this library handles. */
export interface UnsupportedEvent {
  readonly _tag: 'UnsupportedEvent';
  readonly provider: ProviderId;
  readonly message: string;
  readonly eventType: string;
}

/** The webhook is authentic, but the provider could not be asked to confirm it; answer so that it retries. */
export interface ConfirmationFailed {
  readonly _tag: 'ConfirmationFailed';
  readonly provider: ProviderId;
  readonly message: string;
  readonly error: InvoiceError;
}

/** Everything webhook parsing can fail with. */
export type WebhookError = SignatureInvalid | MalformedWebhook | UnsupportedEvent | ConfirmationFailed;

/** The configuration cannot build a provider. */
export interface InvalidConfig {
  readonly _tag: 'InvalidConfig';
  readonly message: string;
  readonly issues: ReadonlyArray<Issue>;
}

/** Everything provider configuration can fail with. */
export type ConfigError = InvalidConfig;

/** Any error value invoicekit returns. */
export type InvoiceKitFailure = InvoiceError | WebhookError | ConfigError;

const LINE_BREAKS = /\s*[\p{Cc}\u2028\u2029]+\s*/gu;

/** Folds line breaks and other control characters (e.g. from a provider's error text) into single spaces. */
const oneLine = (text: string): string => text.replace(LINE_BREAKS, ' ').trim();

const listIssues = (issues: ReadonlyArray<Issue>): string =>
  issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');

/** Builds an `InvalidRequest`. */
export const invalidRequest = (provider: ProviderId, issues: ReadonlyArray<Issue>): InvalidRequest => ({
  _tag: 'InvalidRequest',
  provider,
  message: oneLine(`Invalid request: ${listIssues(issues)}`),
  issues,
});

/** Builds an `Unsupported`; `message` explains what to do instead. */
export const unsupported = (provider: ProviderId, feature: string, message?: string): Unsupported => ({
  _tag: 'Unsupported',
  provider,
  message: oneLine(message ?? `${provider} does not support ${feature}`),
  feature,
});

/** Builds an `Unauthorized`. */
export const unauthorized = (
  provider: ProviderId,
  status: number,
  code: string | null,
  detail?: string,
): Unauthorized => ({
  _tag: 'Unauthorized',
  provider,
  message: oneLine(
    `${provider} rejected the credentials (HTTP ${status}${code ? `, ${code}` : ''})${detail ? `: ${detail}` : ''}`,
  ),
  status,
  code,
});

/** Builds a `DuplicateOrder`. */
export const duplicateOrder = (provider: ProviderId, status: number, orderId: string): DuplicateOrder => ({
  _tag: 'DuplicateOrder',
  provider,
  message: `${provider} already has an invoice for order ${JSON.stringify(orderId)}`,
  status,
  orderId,
});

/** Builds a `Rejected`. */
export const rejected = (
  provider: ProviderId,
  status: number,
  code: string | null,
  fields: Readonly<Record<string, string>>,
  detail?: string,
): Rejected => {
  const reasons = Object.entries(fields).map(([field, reason]) => `${field}: ${reason}`);
  const text = detail ?? (reasons.length > 0 ? reasons.join('; ') : (code ?? 'no reason given'));
  return {
    _tag: 'Rejected',
    provider,
    message: oneLine(`${provider} rejected the request: ${text}`),
    status,
    code,
    fields,
  };
};

/** `Rejected.code` of a 404 on an endpoint the provider always has: the request never reached its API. */
export const WRONG_BASE_URL_CODE = 'wrong_base_url';

/**
 * Builds the `Rejected` of a 404 on an endpoint the provider always has (creating an invoice, reading
 * one by a body field): `baseUrl` does not point at the provider's API; `expected` says what it should be.
 */
export const wrongBaseUrl = (provider: ProviderId, status: number, expected: string): Rejected => ({
  _tag: 'Rejected',
  provider,
  message: oneLine(
    `${provider} answered HTTP ${status} for an endpoint its API always has, so baseUrl does not point at that API: ${expected}`,
  ),
  status,
  code: WRONG_BASE_URL_CODE,
  fields: {},
});

/** Builds a `NotFound`. */
export const notFound = (provider: ProviderId, status: number, id: string): NotFound => ({
  _tag: 'NotFound',
  provider,
  message: `${provider} has no invoice ${JSON.stringify(id)}`,
  status,
});

/** Builds a `RateLimited`. */
export const rateLimited = (provider: ProviderId, retryAfterMs: number | null): RateLimited => ({
  _tag: 'RateLimited',
  provider,
  message: `${provider} rate-limited the request${retryAfterMs === null ? '' : `; retry after ${retryAfterMs} ms`}`,
  retryAfterMs,
});

/** Builds a `ProviderUnavailable`. */
export const providerUnavailable = (provider: ProviderId, status: number): ProviderUnavailable => ({
  _tag: 'ProviderUnavailable',
  provider,
  message: `${provider} is unavailable (HTTP ${status})`,
  status,
});

/** Builds a `Timeout`. */
export const timeout = (provider: ProviderId, timeoutMs: number): Timeout => ({
  _tag: 'Timeout',
  provider,
  message: `${provider} did not answer within ${timeoutMs} ms`,
  timeoutMs,
});

/** Builds a `NetworkError`. */
export const networkError = (provider: ProviderId, code: string): NetworkError => ({
  _tag: 'NetworkError',
  provider,
  message: oneLine(`Could not reach ${provider} (${code})`),
  code,
});

/** Builds an `UnexpectedResponse`. */
export const unexpectedResponse = (
  provider: ProviderId,
  status: number,
  issues: ReadonlyArray<Issue>,
  bodyExcerpt: string,
): UnexpectedResponse => ({
  _tag: 'UnexpectedResponse',
  provider,
  message: oneLine(`Unexpected response from ${provider} (HTTP ${status}): ${listIssues(issues)}`),
  status,
  issues,
  bodyExcerpt,
});

/** Builds a `SignatureInvalid`. */
export const signatureInvalid = (provider: ProviderId, reason: string): SignatureInvalid => ({
  _tag: 'SignatureInvalid',
  provider,
  message: oneLine(`Webhook rejected: ${reason}`),
});

/** Builds a `MalformedWebhook`. */
export const malformedWebhook = (provider: ProviderId, issues: ReadonlyArray<Issue>): MalformedWebhook => ({
  _tag: 'MalformedWebhook',
  provider,
  message: oneLine(`Webhook is authentic but malformed: ${listIssues(issues)}`),
  issues,
});

/** Builds an `UnsupportedEvent`. */
export const unsupportedEvent = (
  provider: ProviderId,
  eventType: string,
  reason?: string,
): UnsupportedEvent => ({
  _tag: 'UnsupportedEvent',
  provider,
  message: oneLine(
    reason ?? `${provider} webhook of type ${JSON.stringify(eventType)} is not an invoice event`,
  ),
  eventType,
});

/** Builds a `ConfirmationFailed` around the error of the confirming call. */
export const confirmationFailed = (provider: ProviderId, error: InvoiceError): ConfirmationFailed => ({
  _tag: 'ConfirmationFailed',
  provider,
  message: oneLine(`Webhook is authentic but could not be confirmed with ${provider}: ${error.message}`),
  error,
});

/** Builds an `InvalidConfig`. */
export const invalidConfig = (issues: ReadonlyArray<Issue>): InvalidConfig => ({
  _tag: 'InvalidConfig',
  message: oneLine(`Invalid configuration: ${listIssues(issues)}`),
  issues,
});

/** Anything with a tag and a message: every invoicekit error, and the gateway's `NoRoute`. */
export interface Describable {
  readonly _tag: string;
  readonly message: string;
  readonly provider?: string;
}

/** One-line human description of any invoicekit error, for logs: tag, provider and message, never a secret. */
export const describeError = (e: Describable): string =>
  oneLine('provider' in e ? `[${e.provider}] ${e._tag}: ${e.message}` : `${e._tag}: ${e.message}`);
