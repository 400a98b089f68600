import * as t from 'io-ts';
import type { FailureReason, InvoiceStatus } from '@invoicekit/core';

// Descriptions quoted from BTCPay's OpenAPI (swagger.template.invoices.json / .webhooks.json) and
// server source (InvoiceWatcher / InvoiceState) where they decide a row; [I] marks a combination
// the server does not produce, mapped to its nearest meaning so the table stays exhaustive.

/** `InvoiceStatus` ("The status of the invoice"). */
export const BtcpayStatus = t.keyof(
  { New: null, Processing: null, Settled: null, Expired: null, Invalid: null },
  'BtcpayStatus',
);
/** `InvoiceStatus`. */
export type BtcpayStatus = t.TypeOf<typeof BtcpayStatus>;

/** `InvoiceAdditionalStatus` ("An additional status that describes why an invoice is in its current status."). */
export const BtcpayAdditionalStatus = t.keyof(
  { None: null, PaidPartial: null, PaidOver: null, PaidLate: null, Marked: null, Invalid: null },
  'BtcpayAdditionalStatus',
);
/** `InvoiceAdditionalStatus`. */
export type BtcpayAdditionalStatus = t.TypeOf<typeof BtcpayAdditionalStatus>;

/** A canonical status with the failure reason it carries. */
export interface StatusMeaning {
  readonly status: InvoiceStatus;
  readonly failureReason: FailureReason;
}

const is = (status: InvoiceStatus, failureReason: FailureReason = null): StatusMeaning => ({
  status,
  failureReason,
});

/** Every documented `status` × `additionalStatus`, canonically mapped. */
export const INVOICE_STATUS: Readonly<
  Record<BtcpayStatus, Readonly<Record<BtcpayAdditionalStatus, StatusMeaning>>>
> = {
  New: {
    // Waiting for payment; the payment destinations exist from creation (lazy methods aside).
    None: is('pending'),
    // "PaidPartial": part of the amount arrived and the invoice is still open for the rest.
    PaidPartial: is('partially_paid'),
    // [I] Not produced: an invoice paid in full or more leaves New for Processing.
    PaidOver: is('processing'),
    // [I] Not produced: late payments arrive only after Expired.
    PaidLate: is('pending'),
    // [I] Not produced: marking moves an invoice to Settled or Invalid.
    Marked: is('pending'),
    // [I] Not produced.
    Invalid: is('pending'),
  },
  Processing: {
    // InvoiceProcessing: "fully paid, but doesn't have the required amount of confirmations".
    None: is('processing'),
    // [I] Not produced: Processing means paid in full.
    PaidPartial: is('processing'),
    // Overpaid, not yet confirmed: the money is seen, so `processing` until it settles.
    PaidOver: is('processing'),
    // Paid in full after expiry, not yet confirmed.
    PaidLate: is('processing'),
    // [I] Not produced.
    Marked: is('processing'),
    // [I] Not produced.
    Invalid: is('processing'),
  },
  Settled: {
    // InvoiceSettled: "the merchant can proceed with the order's delivery".
    None: is('paid'),
    // Settled within the store's paymentTolerance: BTCPay counts it as paid.
    PaidPartial: is('paid'),
    // InvoiceSettled with overPaid: "has received more money than expected".
    PaidOver: is('overpaid'),
    // Paid in full after expiry and confirmed; the ledger sees the late payment from its expired state.
    PaidLate: is('paid'),
    // InvoiceSettled with manuallyMarked: "manually marked as confirmed" by the merchant.
    Marked: is('paid'),
    // [I] Not produced.
    Invalid: is('paid'),
  },
  Expired: {
    // InvoiceExpired without partiallyPaid: nothing arrived within expirationMinutes.
    None: is('expired', 'timer_expired'),
    // InvoiceExpired with partiallyPaid: "received some payments before being expired".
    PaidPartial: is('failed', 'underpaid'),
    // [I] Overpaid after expiry: more than the amount arrived late.
    PaidOver: is('overpaid'),
    // "It could happen that an invoice is expired but it was … fully paid after the invoice expired" (integration guide).
    PaidLate: is('paid'),
    // [I] Not produced: marking moves an invoice to Settled or Invalid.
    Marked: is('expired', 'timer_expired'),
    // [I] Not produced.
    Invalid: is('failed', 'other'),
  },
  Invalid: {
    // InvoiceInvalid, manuallyMarked false: "received payments which could not confirm in time".
    None: is('failed', 'processing_timeout'),
    // Part-paid payments that did not confirm in time: closed underpaid with money received.
    PaidPartial: is('failed', 'underpaid'),
    // Overpaid, but the payments did not confirm in time.
    PaidOver: is('failed', 'processing_timeout'),
    // Paid late, but the payments did not confirm in time.
    PaidLate: is('failed', 'processing_timeout'),
    // InvoiceInvalid with manuallyMarked: the merchant marked it invalid (invoicekit's cancelInvoice).
    Marked: is('cancelled'),
    // [I] Payments were invalidated (e.g. double-spent).
    Invalid: is('failed', 'other'),
  },
};

const UNKNOWN: StatusMeaning = is('unknown');

const own = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key);

/** Maps BTCPay's `status` and `additionalStatus` to the canonical status and reason; unknown words are `unknown`. */
export const toStatusMeaning = (status: string, additionalStatus: string | null): StatusMeaning => {
  if (!own(INVOICE_STATUS, status)) return UNKNOWN;
  const row = INVOICE_STATUS[status as BtcpayStatus];
  const extra = additionalStatus ?? 'None';
  return own(row, extra) ? row[extra as BtcpayAdditionalStatus] : UNKNOWN;
};

/** The provider's own words as `providerStatus`: `Settled`, or `Expired/PaidLate` when an additional status says why. */
export const providerStatusOf = (status: string, additionalStatus: string | null): string =>
  additionalStatus === null || additionalStatus === 'None' ? status : `${status}/${additionalStatus}`;
