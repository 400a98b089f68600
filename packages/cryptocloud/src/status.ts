import * as t from 'io-ts';
import { isPositive, type Decimal, type FailureReason, type InvoiceStatus } from '@invoicekit/core';
import { lookupWord } from '@invoicekit/core/adapter';

/** The invoice statuses CryptoCloud documents (`canceled` with one "l"; there is no `expired`). */
export const CryptocloudStatus = t.keyof(
  { created: null, paid: null, partial: null, overpaid: null, canceled: null },
  'CryptocloudStatus',
);
/** The invoice statuses CryptoCloud documents. */
export type CryptocloudStatus = t.TypeOf<typeof CryptocloudStatus>;

/** The documented invoice status words, canonically mapped. */
export const INVOICE_STATUS: Readonly<Record<CryptocloudStatus, InvoiceStatus>> = {
  created: 'created',
  paid: 'paid',
  partial: 'partially_paid',
  overpaid: 'overpaid',
  // `canceled` covers expiry and the merchant's cancel alike; `invoiceState` tells them apart.
  canceled: 'cancelled',
};

/** A CryptoCloud invoice's canonical status with the failure reason that goes with it. */
export interface CryptocloudState {
  readonly status: InvoiceStatus;
  readonly failureReason: FailureReason;
}

/**
 * The canonical state of an invoice word, given what was paid and when it expires. CryptoCloud turns
 * an invoice `canceled` both when its expiry_date passes and when the merchant cancels it (PROVIDERS.md
 * §3): with money paid it closed underpaid (`failed`, `underpaid`, as the CoinsPaid platform reports
 * the same fact); past its expiry date it `expired`; before it, the merchant `cancelled` it.
 */
export const invoiceState = (
  word: string,
  paid: Decimal | null,
  expiresAt: Date | null,
  now: Date,
): CryptocloudState => {
  if (word !== 'canceled') return { status: toInvoiceStatus(word), failureReason: null };
  if (paid !== null && isPositive(paid)) return { status: 'failed', failureReason: 'underpaid' };
  return expiresAt !== null && expiresAt.getTime() <= now.getTime()
    ? { status: 'expired', failureReason: 'timer_expired' }
    : { status: 'cancelled', failureReason: null };
};

/** Maps a CryptoCloud invoice status word to the canonical status; unknown words are `unknown`. */
export const toInvoiceStatus: (word: string) => InvoiceStatus = lookupWord(INVOICE_STATUS, 'unknown');

/** The top-level postback `status` words CryptoCloud documents. */
export type CryptocloudPostbackStatus = 'success';

/** The documented postback status words, canonically mapped. */
export const POSTBACK_STATUS: Readonly<Record<CryptocloudPostbackStatus, InvoiceStatus>> = {
  success: 'paid',
};

/** Maps a top-level postback status word (`success`) to the canonical status; unknown words are `unknown`. */
export const toPostbackStatus: (word: string) => InvoiceStatus = lookupWord(POSTBACK_STATUS, 'unknown');
