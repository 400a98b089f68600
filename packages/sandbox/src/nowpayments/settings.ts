import { minutes, type RetrySchedule } from '../retry';

/** The provider the NOWPayments emulator serves. */
export const NOWPAYMENTS = ['nowpayments'] as const;

/** NOWPayments' provider id. */
export type NowpaymentsId = (typeof NOWPAYMENTS)[number];

/** Credentials and API root of the emulated NOWPayments account. */
export interface NowpaymentsCredentials {
  /** The `x-api-key`. */
  readonly apiKey: string;
  /** The IPN secret that signs `x-nowpayments-sig`. */
  readonly secretKey: string;
  /** API root such as `http://127.0.0.1:PORT/nowpayments/v1`; paths like `/invoice` are appended. */
  readonly baseUrl: string;
}

/**
 * How the emulator builds the string it signs: `sort-object`, the current collection's Node example
 * (keys sorted at every depth), or `key-replacer`, the older collections'
 * `JSON.stringify(params, Object.keys(params).sort())`. Which one NOWPayments' server uses is not
 * published; the default follows the current docs.
 */
export type NowpaymentsSignatureRecipe = 'sort-object' | 'key-replacer';

/** Every `NowpaymentsSignatureRecipe`. */
export const NOWPAYMENTS_SIGNATURE_RECIPES: ReadonlyArray<NowpaymentsSignatureRecipe> = [
  'sort-object',
  'key-replacer',
];

/** The `startSandbox` options of the NOWPayments emulator. */
export interface NowpaymentsSandboxOptions {
  /** How IPN signatures are computed (default `sort-object`). */
  readonly nowpaymentsSignatureRecipe?: NowpaymentsSignatureRecipe;
}

/** The value of each NOWPayments option when none is given. */
export const NOWPAYMENTS_DEFAULTS: Required<NowpaymentsSandboxOptions> = {
  nowpaymentsSignatureRecipe: 'sort-object',
};

/**
 * NOWPayments' "recurrent notifications": after an error, as many more IPNs as set in the dashboard, a
 * "Timeout" apart. The docs' own example ("Timeout" 1 minute, 3 notifications, "3 notifications at 1
 * minute intervals") is the schedule emulated; what counts as an error is not documented, and the
 * sandbox retries on any answer but a 2xx.
 */
export const NOWPAYMENTS_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: minutes([1, 1, 1]),
  source:
    'NOWPayments API collection, "Recurrent payment notifications": with "Timeout" set to 1 minute and ' +
    '"Number of recurrent notifications" set to 3, "you will receive 3 notifications at 1 minute intervals" ' +
    '(both are dashboard settings)',
};

/**
 * The sandbox `case` values of a created payment. NOWPayments' sandbox page says only "specify the case
 * which you want to test"; these three are the values third-party code sends (inferred), and the status
 * sequence each plays is inferred from the documented statuses.
 */
export const NOWPAYMENTS_CASES = {
  success: ['waiting', 'confirming', 'confirmed', 'sending', 'finished'],
  partially_paid: ['waiting', 'confirming', 'partially_paid'],
  failed: ['waiting', 'confirming', 'failed'],
} as const;

/** A sandbox `case` value. */
export type NowpaymentsCase = keyof typeof NOWPAYMENTS_CASES;
