import type { InvoiceKitFailure } from './errors';
import type { ProviderId } from './ids';

/** Network codes that mean the request never reached the provider. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** True for a `NetworkError` whose code says the request never reached the provider (refused, no such host). */
export const neverSent = (e: InvoiceKitFailure): boolean =>
  e._tag === 'NetworkError' && NOT_SENT_CODES.has(e.code);

/** Decides whether an error may be retried without risking a second invoice. */
export type RetryPolicy = (e: InvoiceKitFailure) => boolean;

/**
 * Builds `isRetryable` from one provider fact: whether the provider refuses a second invoice for the
 * same orderId (then a create whose outcome is unknown may be sent again). Retryable: 429, 503,
 * a request that never left, a webhook whose confirmation failed; on providers that refuse
 * duplicate orders also any 5xx, reset connection or timeout.
 */
export const retryPolicy =
  (rejectsDuplicateOrders: (provider: ProviderId) => boolean): RetryPolicy =>
  (e) => {
    switch (e._tag) {
      case 'RateLimited':
      case 'ConfirmationFailed':
        return true;
      case 'ProviderUnavailable':
        return e.status === 503 || rejectsDuplicateOrders(e.provider);
      case 'NetworkError':
        return NOT_SENT_CODES.has(e.code) || rejectsDuplicateOrders(e.provider);
      case 'Timeout':
        return rejectsDuplicateOrders(e.provider);
      default:
        return false;
    }
  };
