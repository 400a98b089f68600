import { minutes, type RetrySchedule } from '../retry';

/** The CoinsPaid-platform providers the sandbox emulates, in display order. */
export const COINSPAID_FAMILY = ['cryptoprocessing', 'alphapo', 'coinspaid'] as const;

/** One CoinsPaid-platform provider. */
export type CoinspaidFamilyId = (typeof COINSPAID_FAMILY)[number];

/** Credentials and API root of one CoinsPaid-platform provider. */
export interface CoinspaidFamilyCredentials {
  readonly apiKey: string;
  readonly secretKey: string;
  /** API root such as `http://127.0.0.1:PORT/cryptoprocessing/api/v2`; endpoint paths are appended. */
  readonly baseUrl: string;
}

/** The two keys a CoinsPaid-platform provider signs and checks with. */
export type CoinspaidKeys = Pick<CoinspaidFamilyCredentials, 'apiKey' | 'secretKey'>;

/**
 * The platform's documented callback retries: 12, each counted from the attempt before
 * (docs.cryptoprocessing.com/api-reference/callbacks/callbacks-overview; PROVIDERS §1.5).
 */
export const COINSPAID_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: minutes([1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240]),
  source:
    'docs.cryptoprocessing.com/api-reference/callbacks/callbacks-overview: 12 retries, +1, +5, +15, +30, +60, ' +
    '+90, +120, +180, +240, +240, +240, +240 minutes, each after the previous attempt',
};
