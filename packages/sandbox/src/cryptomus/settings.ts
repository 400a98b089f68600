import type { RetrySchedule } from '../retry';

/** The providers the Cryptomus emulator serves: one protocol on two hosts. */
export const CRYPTOMUS_FAMILY = ['cryptomus', 'heleket'] as const;

/** One Cryptomus-protocol provider. */
export type CryptomusFamilyId = (typeof CRYPTOMUS_FAMILY)[number];

/** Credentials and API root of one emulated merchant. */
export interface CryptomusCredentials {
  /** The merchant's uuid, sent in the `merchant` header. */
  readonly shopId: string;
  /** The payment API key: signs requests and payment webhooks. */
  readonly apiKey: string;
  /** API root such as `http://127.0.0.1:PORT/cryptomus`; paths like `/v1/payment` are appended. */
  readonly baseUrl: string;
}

/** The two values a request is checked with. */
export type CryptomusKeys = Pick<CryptomusCredentials, 'shopId' | 'apiKey'>;

/**
 * Neither provider publishes a retry schedule: the webhook pages' retry section was not readable, and
 * Heleket's PHP SDK only says "Heleket retries until you 200" (docs/06-webhooks.md). The sandbox sends
 * each webhook once unless `retryDelaysMs` asks for retries; `/v1/payment/resend` sends it again.
 */
export const CRYPTOMUS_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [],
  source:
    'none published: Heleket/php-sdk docs/06-webhooks.md says "Heleket retries until you 200" without a schedule, ' +
    'and the docs pages read give none',
};
