import { compareDecimals, type Decimal, type FailureReason, type InvoiceStatus } from '@invoicekit/core';
import { lookupWord } from '@invoicekit/core/adapter';

/** Every invoice status word the platform documents, in create responses and invoice callbacks. */
export type CoinspaidStatus = 'created' | 'pending' | 'processing' | 'confirmed' | 'failed';

/** The documented status words, canonically mapped before callback-specific refinements. */
export const INVOICE_STATUS: Readonly<Record<CoinspaidStatus, InvoiceStatus>> = {
  created: 'created',
  pending: 'pending',
  processing: 'processing',
  confirmed: 'paid',
  failed: 'failed',
};

/** Maps a provider status word; a word this version does not know is `unknown`, never a crash. */
export const toInvoiceStatus: (word: string) => InvoiceStatus = lookupWord(INVOICE_STATUS, 'unknown');

/** The documented causes of a failed invoice: the second sentence of its `error` text, normalised. */
export type CoinspaidFailureCause =
  'user not paid' | 'user paid less than requested' | 'transactions were in status processing too long';

/** Why an invoice failed, per documented cause (coinspaid/docs `api-documentation/v2/invoices.md`). */
export const FAILURE_CAUSE: Readonly<Record<CoinspaidFailureCause, Exclude<FailureReason, null>>> = {
  'user not paid': 'timer_expired',
  'user paid less than requested': 'underpaid',
  'transactions were in status processing too long': 'processing_timeout',
};

const failureReasonOfCause = lookupWord<CoinspaidFailureCause, Exclude<FailureReason, null>>(
  FAILURE_CAUSE,
  'other',
);

// Provider quirk: all three documented texts begin with "Timer expired."; only the second sentence
// tells them apart. Matching is exact on that sentence after folding case, runs of white space and
// the final full stop, and needs the "Timer expired." opening: any other text is `other`, never a guess.
const FAILURE_TEXT = /^timer expired\.\s*(.*?)\.?$/;

const normalise = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Why a `failed` invoice failed, read from the callback's `error` text; unknown text is `other`. */
export const failureReasonFromError = (error: string | null | undefined): Exclude<FailureReason, null> => {
  const cause = FAILURE_TEXT.exec(normalise(error ?? ''))?.[1];
  return cause === undefined ? 'other' : failureReasonOfCause(cause);
};

// Inference, not documented: the cancel endpoint's refusal reads "Invoice cannot be failed in its current
// state.", so a cancelled invoice most likely ends `failed`; what its callback's `error` says is not
// published. A failed invoice whose text is not a "Timer expired." one and speaks of cancelling (the
// sandbox sends "Invoice cancelled by merchant.") is read as cancelled.
const CANCELLED_TEXT = /\bcancel(?:l?ed|lation)?\b/;

/** True for the `error` text of a failed invoice that was cancelled rather than left to expire (inferred). */
export const isCancellationText = (error: string | null | undefined): boolean => {
  const text = normalise(error ?? '');
  return !text.startsWith('timer expired') && CANCELLED_TEXT.test(text);
};

/** A callback's canonical status and failure reason. */
export interface CallbackStatus {
  readonly status: InvoiceStatus;
  readonly failureReason: FailureReason;
}

const ZERO = '0' as Decimal;

/**
 * Maps an invoice callback: `pending` with something still owed is `partially_paid`; `failed`
 * because nothing was paid in time is `expired`; `failed` with a cancellation text is `cancelled`;
 * every other failure stays `failed` with its reason.
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
  if (status === 'failed' && isCancellationText(error)) {
    return { status: 'cancelled', failureReason: null };
  }
  if (status === 'failed') {
    const failureReason = failureReasonFromError(error);
    return { status: failureReason === 'timer_expired' ? 'expired' : 'failed', failureReason };
  }
  return { status, failureReason: null };
};
