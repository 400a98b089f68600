import { compareDecimals, type Decimal, type FailureReason, type InvoiceStatus } from '@invoicekit/core';

/** Every invoice status word the platform documents, in create responses and invoice callbacks. */
export type CoinspaidInvoiceStatus = 'created' | 'pending' | 'processing' | 'confirmed' | 'failed';

/** The documented status words, canonically mapped before callback-specific refinements. */
export const INVOICE_STATUS: Readonly<Record<CoinspaidInvoiceStatus, InvoiceStatus>> = {
  created: 'created',
  pending: 'pending',
  processing: 'processing',
  confirmed: 'paid',
  failed: 'failed',
};

const isKnownStatus = (word: string): word is CoinspaidInvoiceStatus =>
  Object.prototype.hasOwnProperty.call(INVOICE_STATUS, word);

/** Maps a provider status word; a word this version does not know is `unknown`, never a crash. */
export const toInvoiceStatus = (word: string): InvoiceStatus =>
  isKnownStatus(word) ? INVOICE_STATUS[word] : 'unknown';

// The callback `error` text is prose, not a code; match it loosely, most specific first.
const FAILURE_PATTERNS: ReadonlyArray<readonly [RegExp, Exclude<FailureReason, null>]> = [
  [/timer/i, 'timer_expired'],
  [/paid less|less than (requested|required|expected)|underpa|insufficient/i, 'underpaid'],
  [/too long|processing time|timed? ?out|24 ?h/i, 'processing_timeout'],
  [/expired/i, 'timer_expired'],
];

/** Why a `failed` invoice failed, read from the callback's `error` text. */
export const failureReasonFromError = (error: string | null | undefined): Exclude<FailureReason, null> =>
  FAILURE_PATTERNS.find(([pattern]) => pattern.test(error ?? ''))?.[1] ?? 'other';

/** A callback's canonical status and failure reason. */
export interface CallbackStatus {
  readonly status: InvoiceStatus;
  readonly failureReason: FailureReason;
}

const ZERO = '0' as Decimal;

/**
 * Maps an invoice callback: `pending` with something still owed is `partially_paid`; `failed`
 * because the timer ran out is `expired`; other failures keep `failed` with a reason.
 */
export const callbackStatus = (
  word: string,
  error: string | null | undefined,
  remaining: Decimal | null,
): CallbackStatus => {
  const status = toInvoiceStatus(word);
  if (status === 'pending' && remaining !== null && compareDecimals(remaining, ZERO) > 0) {
    return { status: 'partially_paid', failureReason: null };
  }
  if (status === 'failed') {
    const failureReason = failureReasonFromError(error);
    return { status: failureReason === 'timer_expired' ? 'expired' : 'failed', failureReason };
  }
  return { status, failureReason: null };
};
