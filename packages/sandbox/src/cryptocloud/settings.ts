import type { RetrySchedule } from '../retry';

/** The provider the CryptoCloud emulator serves. */
export const CRYPTOCLOUD = ['cryptocloud'] as const;

/** CryptoCloud's provider id. */
export type CryptocloudId = (typeof CRYPTOCLOUD)[number];

/** Credentials and API root of the emulated CryptoCloud project. */
export interface CryptocloudCredentials {
  readonly apiKey: string;
  readonly shopId: string;
  readonly secretKey: string;
  /** API root such as `http://127.0.0.1:PORT/cryptocloud`; paths like `/v2/invoice/create` are appended. */
  readonly baseUrl: string;
}

/** How CryptoCloud postbacks are encoded: JSON, or an urlencoded form. */
export type CryptocloudPostbackFormat = 'json' | 'form';

/** Every `CryptocloudPostbackFormat`. */
export const CRYPTOCLOUD_POSTBACK_FORMATS: ReadonlyArray<CryptocloudPostbackFormat> = ['json', 'form'];

/**
 * The form of the `id` claim in CryptoCloud postback tokens, which the docs leave unsettled: `bare`
 * (`89UX09KA`, what KamikotoTkach/CryptoCloud4j compares with `invoice_id`), `prefixed`
 * (`INV-89UX09KA`) or `numeric` (a project-wide running number, like the only published token's `13`).
 */
export type CryptocloudTokenId = 'bare' | 'prefixed' | 'numeric';

/** Every `CryptocloudTokenId`. */
export const CRYPTOCLOUD_TOKEN_IDS: ReadonlyArray<CryptocloudTokenId> = ['bare', 'prefixed', 'numeric'];

/** The `startSandbox` options of the CryptoCloud emulator. */
export interface CryptocloudSandboxOptions {
  /** How CryptoCloud postbacks are encoded (default `json`). */
  readonly cryptocloudPostbackFormat?: CryptocloudPostbackFormat;
  /** Whether CryptoCloud invoices carry `test_mode: true` (default false). */
  readonly cryptocloudTestMode?: boolean;
  /** What the `id` claim of CryptoCloud postback tokens holds (default `bare`). */
  readonly cryptocloudTokenId?: CryptocloudTokenId;
}

/** The value of each CryptoCloud option when none is given. */
export const CRYPTOCLOUD_DEFAULTS: Required<CryptocloudSandboxOptions> = {
  cryptocloudPostbackFormat: 'json',
  cryptocloudTestMode: false,
  cryptocloudTokenId: 'bare',
};

/**
 * CryptoCloud documents no retry policy: the postback page describes one POST after the invoice is
 * confirmed (docs.cryptocloud.plus/en/api-reference-v2/postback; PROVIDERS §2.3), so the sandbox sends
 * each postback once unless `retryDelaysMs` asks for retries.
 */
export const CRYPTOCLOUD_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [],
  source:
    'none documented: docs.cryptocloud.plus/en/api-reference-v2/postback describes one POST after the invoice ' +
    'is confirmed, and no retry',
};
