import * as t from 'io-ts';
import type { InvoiceStatus } from '@invoicekit/core';

/** The invoice statuses CryptoCloud documents (`canceled` with one "l"; there is no `expired`). */
export const CryptocloudStatus = t.keyof(
  { created: null, paid: null, partial: null, overpaid: null, canceled: null },
  'CryptocloudStatus',
);
/** The invoice statuses CryptoCloud documents. */
export type CryptocloudStatus = t.TypeOf<typeof CryptocloudStatus>;

const INVOICE_STATUS: Record<CryptocloudStatus, InvoiceStatus> = {
  created: 'created',
  paid: 'paid',
  partial: 'partially_paid',
  overpaid: 'overpaid',
  // An unpaid invoice turns `canceled` after expiry_date; CryptoCloud does not tell the two apart.
  canceled: 'cancelled',
};

/** The top-level postback `status` words CryptoCloud documents. */
export const CryptocloudPostbackStatus = t.keyof({ success: null }, 'CryptocloudPostbackStatus');
/** The top-level postback `status` words CryptoCloud documents. */
export type CryptocloudPostbackStatus = t.TypeOf<typeof CryptocloudPostbackStatus>;

const POSTBACK_STATUS: Record<CryptocloudPostbackStatus, InvoiceStatus> = {
  success: 'paid',
};

/** Maps a CryptoCloud invoice status word to the canonical status; unknown words are `unknown`. */
export const toInvoiceStatus = (word: string): InvoiceStatus =>
  CryptocloudStatus.is(word) ? INVOICE_STATUS[word] : 'unknown';

/** Maps a top-level postback status word (`success`) to the canonical status; unknown words are `unknown`. */
export const toPostbackStatus = (word: string): InvoiceStatus =>
  CryptocloudPostbackStatus.is(word) ? POSTBACK_STATUS[word] : 'unknown';
