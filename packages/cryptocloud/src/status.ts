import * as t from 'io-ts';
import type { InvoiceStatus } from '@invoicekit/core';
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
  // An unpaid invoice turns `canceled` after expiry_date; CryptoCloud does not tell the two apart.
  canceled: 'cancelled',
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
