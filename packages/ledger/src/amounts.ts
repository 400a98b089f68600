import Big from 'big.js';
import { canonicalDecimal, type Decimal, type InvoiceStatus, type Money } from '@invoicekit/core';
import type { LedgerFlag } from './flags';
import { isSettled, reportsPayment } from './status';

/** What the invoice asked for: the price, and the pay-in amount once the provider quoted one. */
export interface Expected {
  readonly price: Money | null;
  readonly payment: { readonly currency: string; readonly amount: Decimal | null } | null;
}

/** The flags an amount check raises and the sentence that explains it. */
export interface AmountCheck {
  readonly flags: ReadonlyArray<LedgerFlag>;
  readonly note: string;
}

/** True for two spellings of one currency code (case and surrounding spaces aside). */
export const sameCurrency = (a: string, b: string): boolean =>
  a.trim().toUpperCase() === b.trim().toUpperCase();

/** The exact sum of two amounts. */
export const sumOf = (a: Decimal, b: Decimal): Decimal =>
  canonicalDecimal(new Big(a).plus(new Big(b)).toFixed());

const money = (m: Money): string => `${m.amount} ${m.currency}`;

const nothing = (note: string): AmountCheck => ({ flags: [], note });

const asked = (expected: Expected): string =>
  [
    expected.price === null ? null : `${expected.price.currency} (price)`,
    expected.payment === null ? null : `${expected.payment.currency} (pay currency)`,
  ]
    .filter((text) => text !== null)
    .join(' or ');

const target = (expected: Expected, received: Money): Money | 'unquoted' | 'mismatch' | 'no-price' => {
  if (expected.price !== null && sameCurrency(expected.price.currency, received.currency))
    return expected.price;
  if (expected.payment !== null && sameCurrency(expected.payment.currency, received.currency)) {
    return expected.payment.amount === null
      ? 'unquoted'
      : { amount: expected.payment.amount, currency: expected.payment.currency };
  }
  return expected.price === null && expected.payment === null ? 'no-price' : 'mismatch';
};

const compare = (status: InvoiceStatus, received: Money, wanted: Money): AmountCheck => {
  const order = new Big(received.amount).cmp(new Big(wanted.amount));
  if (order > 0) {
    return { flags: ['overpaid'], note: `received ${money(received)}, more than the ${money(wanted)} asked` };
  }
  if (order < 0 && isSettled(status)) {
    return {
      flags: ['underpaid'],
      note: `received ${money(received)}, less than the ${money(wanted)} asked`,
    };
  }
  return nothing(`received ${money(received)} of ${money(wanted)}`);
};

/**
 * Checks what was received against what was asked, with exact decimals. A status that says paid is
 * never taken at face value: less is `underpaid`, more is `overpaid`, another currency is
 * `currency_mismatch`, and no comparable figure is `amount_unchecked`.
 */
export const checkAmount = (
  expected: Expected,
  received: Money | null,
  status: InvoiceStatus,
): AmountCheck => {
  if (!reportsPayment(status)) return nothing('');
  if (received === null) {
    return isSettled(status)
      ? { flags: ['amount_unchecked'], note: 'the provider reported no received amount to check' }
      : nothing('');
  }
  const wanted = target(expected, received);
  switch (wanted) {
    case 'mismatch':
      return {
        flags: ['currency_mismatch'],
        note: `received ${money(received)}, but the invoice asked for ${asked(expected)}`,
      };
    case 'unquoted':
      return isSettled(status)
        ? {
            flags: ['amount_unchecked'],
            note: `received ${money(received)}; the provider never quoted the ${received.currency} amount to compare`,
          }
        : nothing(`received ${money(received)}`);
    case 'no-price':
      return isSettled(status)
        ? {
            flags: ['amount_unchecked'],
            note: `received ${money(received)}; the ledger has no price for this invoice (it was not created through the ledger)`,
          }
        : nothing(`received ${money(received)}`);
    default:
      return compare(status, received, wanted);
  }
};
