import * as t from 'io-ts';
import { compareDecimals, type FailureReason, type InvoiceStatus } from '@invoicekit/core';
import { lookupWord } from '@invoicekit/core/adapter';
import type { NowpaymentsPayment } from './codecs';

/** Every payment status NOWPayments documents ("Get payment status"; "Create payment" lists all but `refunded`). */
export const NowpaymentsStatus = t.keyof(
  {
    waiting: null,
    confirming: null,
    confirmed: null,
    sending: null,
    partially_paid: null,
    finished: null,
    failed: null,
    refunded: null,
    expired: null,
  },
  'NowpaymentsStatus',
);
/** Every documented payment status. */
export type NowpaymentsStatus = t.TypeOf<typeof NowpaymentsStatus>;

/** A canonical status with its failure reason. */
export interface PaymentStatus {
  readonly status: InvoiceStatus;
  readonly failureReason: FailureReason;
}

/** The documented payment statuses, canonically mapped before the amount checks; each row quotes its description. */
export const PAYMENT_STATUS: Readonly<Record<NowpaymentsStatus, PaymentStatus>> = {
  // "waiting for the customer to send the payment. The initial status of each payment"
  waiting: { status: 'pending', failureReason: null },
  // "the transaction is being processed on the blockchain. Appears when NOWPayments detect the funds"
  confirming: { status: 'processing', failureReason: null },
  // "Customer's funds have accumulated enough confirmations": not yet sent to the merchant
  confirmed: { status: 'processing', failureReason: null },
  // "the funds are being sent to your personal wallet"
  sending: { status: 'processing', failureReason: null },
  // "the customer sent the less than the actual price"; the address still takes repeated deposits
  partially_paid: { status: 'partially_paid', failureReason: null },
  // "the funds have reached your personal address and the payment is finished"
  finished: { status: 'paid', failureReason: null },
  // "the payment wasn't completed due to the error of some kind"
  failed: { status: 'failed', failureReason: 'other' },
  // "the funds were refunded back to the user"
  refunded: { status: 'refunded', failureReason: null },
  // "the user didn't send the funds to the specified address in the 7 days time window"
  expired: { status: 'expired', failureReason: 'timer_expired' },
};

const UNKNOWN: PaymentStatus = { status: 'unknown', failureReason: null };

/** Maps a payment status word alone; unknown words are `unknown`. */
export const toPaymentStatus: (word: string) => PaymentStatus = lookupWord(PAYMENT_STATUS, UNKNOWN);

/**
 * True for a payment that is not the invoice's own: a repeated deposit (`parent_payment_id`, origin
 * `REPEATED`) or, inferred, any other `origin_type` such as a wrong-asset deposit.
 */
export const isExtraDeposit = (payment: NowpaymentsPayment): boolean =>
  (payment.parent_payment_id ?? null) !== null || (payment.origin_type ?? null) !== null;

const SETTLING: ReadonlySet<InvoiceStatus> = new Set(['paid', 'overpaid', 'partially_paid']);

const paidAgainstAsked = (payment: NowpaymentsPayment): -1 | 0 | 1 | null => {
  const paid = payment.actually_paid ?? null;
  const asked = payment.pay_amount ?? null;
  return paid === null || asked === null ? null : compareDecimals(paid, asked);
};

const hasMoney = (payment: NowpaymentsPayment): boolean =>
  payment.actually_paid !== undefined &&
  payment.actually_paid !== null &&
  /[1-9]/.test(payment.actually_paid);

/**
 * A payment's canonical status. `finished` does not prove the full amount (wrong-asset deposits are
 * always `finished`), so it is `overpaid` above `pay_amount` and `failed`/`underpaid` below it;
 * `expired` with money received is `failed`/`underpaid`. A repeated or wrong-asset deposit is never
 * taken for the invoice being paid: what would settle it is `partially_paid`.
 */
export const paymentStatus = (payment: NowpaymentsPayment): PaymentStatus => {
  const base = toPaymentStatus(payment.payment_status);
  if (isExtraDeposit(payment)) {
    return SETTLING.has(base.status) ? { status: 'partially_paid', failureReason: null } : base;
  }
  if (base.status === 'paid') {
    const order = paidAgainstAsked(payment);
    if (order === 1) return { status: 'overpaid', failureReason: null };
    if (order === -1) return { status: 'failed', failureReason: 'underpaid' };
  }
  if (base.status === 'expired' && hasMoney(payment)) return { status: 'failed', failureReason: 'underpaid' };
  return base;
};
