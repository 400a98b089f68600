import * as t from 'io-ts';

/** Something about an invoice the merchant must look at before shipping or closing it. */
export const LedgerFlag = t.keyof(
  {
    test_mode: null,
    mode_mismatch: null,
    live_in_test_ledger: null,
    underpaid: null,
    overpaid: null,
    currency_mismatch: null,
    amount_unchecked: null,
    late_payment: null,
    conflicting_invoice: null,
  },
  'LedgerFlag',
);
/**
 * `test_mode`: the invoice, or a delivery or read about it, is in test mode (no live money);
 * `mode_mismatch`: a delivery or read contradicted the invoice's recorded mode (not applied);
 * `live_in_test_ledger`: a live invoice reached a ledger opened with `mode: 'test'` (not applied);
 * `underpaid` / `overpaid`: received less / more than asked; `currency_mismatch`: received in a
 * currency the invoice did not ask for; `amount_unchecked`: reported paid but the ledger could not
 * compare amounts; `late_payment`: a payment after expiry, cancellation, failure or replacement;
 * `conflicting_invoice`: a delivery named another invoice for the same order.
 */
export type LedgerFlag = t.TypeOf<typeof LedgerFlag>;

/** The flags of `raised` that `present` lacks, in order. */
export const newFlags = (
  present: ReadonlyArray<LedgerFlag>,
  raised: ReadonlyArray<LedgerFlag>,
): LedgerFlag[] => raised.filter((flag, i) => !present.includes(flag) && raised.indexOf(flag) === i);
