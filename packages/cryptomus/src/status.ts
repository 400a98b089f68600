import type { FailureReason, InvoiceStatus } from '@invoicekit/core';

/** The 14 payment statuses both providers document (doc.cryptomus.com and doc.heleket.com, "Payment statuses"). */
export type CryptomusStatus =
  | 'paid'
  | 'paid_over'
  | 'wrong_amount'
  | 'process'
  | 'confirm_check'
  | 'wrong_amount_waiting'
  | 'check'
  | 'fail'
  | 'cancel'
  | 'system_fail'
  | 'refund_process'
  | 'refund_fail'
  | 'refund_paid'
  | 'locked';

/** A canonical status and the reason that goes with it. */
export interface CanonicalStatus {
  readonly status: InvoiceStatus;
  readonly failureReason: FailureReason;
}

const is = (status: InvoiceStatus, failureReason: FailureReason = null): CanonicalStatus => ({
  status,
  failureReason,
});

/** Every documented status, canonically mapped (the providers' own words beside each). */
export const PAYMENT_STATUS: Readonly<Record<CryptomusStatus, CanonicalStatus>> = {
  // "The payment was successful and the client paid exactly as much as required."
  paid: is('paid'),
  // "The payment was successful and client paid more than required."
  paid_over: is('overpaid'),
  // "The client paid less than required" (final: the invoice closed underpaid with money received).
  wrong_amount: is('failed', 'underpaid'),
  // "Payment in processing"
  process: is('processing'),
  // "We have seen the transaction in the blockchain and are waiting for the required number of network confirmations."
  confirm_check: is('processing'),
  // "The client paid less than required, with the possibility of an additional payment"
  wrong_amount_waiting: is('partially_paid'),
  // "Waiting for the transaction to appear on the blockchain"
  check: is('pending'),
  // "Payment error"
  fail: is('failed', 'other'),
  // "Payment cancelled, the client did not pay": no merchant cancel exists, so this is the lifetime running out.
  cancel: is('expired', 'timer_expired'),
  // "A system error has occurred"
  system_fail: is('failed', 'other'),
  // "The refund is being processed"
  refund_process: is('refunding'),
  // "An error occurred during the refund": the money stays with the merchant.
  refund_fail: is('refund_failed'),
  // "The refund was successful"
  refund_paid: is('refunded'),
  // "Funds are locked due to the AML program": money arrived but is held; Heleket's AML questionnaire
  // (POST /v1/payment/aml-links, Go SDK) can release it, so the invoice is not closed.
  locked: is('held'),
};

const KNOWN: ReadonlySet<string> = new Set(Object.keys(PAYMENT_STATUS));

/** True for one of the 14 documented status words. */
export const isCryptomusStatus = (word: string): word is CryptomusStatus => KNOWN.has(word);

const OPEN: ReadonlySet<InvoiceStatus> = new Set(['created', 'pending', 'processing', 'partially_paid']);

/**
 * Maps a status word and its `is_final` flag ("When invoice is finalized it is impossible to pay an
 * invoice"): a final invoice is never reported open. Part-paid and final is `failed`/`underpaid`; still
 * waiting and final is `expired`; money seen and final is `failed`/`other`. `locked` stays open whatever
 * `is_final` says (see the table). Unknown words are `unknown`.
 */
export const canonicalStatus = (word: string, isFinal: boolean | null): CanonicalStatus => {
  if (!isCryptomusStatus(word)) return is('unknown');
  const mapped = PAYMENT_STATUS[word];
  if (isFinal !== true || word === 'locked' || !OPEN.has(mapped.status)) return mapped;
  return mapped.status === 'partially_paid'
    ? is('failed', 'underpaid')
    : mapped.status === 'processing'
      ? is('failed', 'other')
      : is('expired', 'timer_expired');
};
