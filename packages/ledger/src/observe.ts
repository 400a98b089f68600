import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { StorageFailed } from './errors';
import { decide, type Current, type Decision, type Observation } from './decide';
import { appendEntry } from './feed';
import type { LedgerFlag } from './flags';
import { updateInvoice, type InvoicePatch } from './invoices';
import type { Cause, InvoiceRow } from './records';
import type { Sql } from './storage';

/** An observation as the ledger recorded it: the decision, the status before, and its feed position. */
export interface Observed {
  readonly decision: Decision;
  readonly from: Current['status'];
  readonly flags: ReadonlyArray<LedgerFlag>;
  readonly position: number | null;
}

/** Where an observation came from, and columns to write along with its outcome. */
export interface ObservationContext {
  readonly cause: Cause;
  readonly dedupeKey: string | null;
  readonly patch: InvoicePatch;
}

/** What the state machine needs to know about a row (with a newly quoted pay amount, when `patch` has one). */
export const currentOf = (row: InvoiceRow, patch: InvoicePatch = {}): Current => {
  const paymentCurrency =
    patch.payment_currency !== undefined ? patch.payment_currency : row.payment_currency;
  const paymentAmount =
    patch.payment_currency !== undefined ? (patch.payment_amount ?? null) : row.payment_amount;
  return {
    status: row.status,
    flags: row.flags,
    received:
      row.received_amount === null || row.received_currency === null
        ? null
        : { amount: row.received_amount, currency: row.received_currency },
    expected: {
      price:
        row.price_amount === null || row.price_currency === null
          ? null
          : { amount: row.price_amount, currency: row.price_currency },
      payment: paymentCurrency === null ? null : { currency: paymentCurrency, amount: paymentAmount },
    },
    replacedBy: row.replaced_by,
  };
};

const outcomePatch = (
  decision: Decision,
  seen: Observation,
  flags: ReadonlyArray<LedgerFlag>,
): InvoicePatch => ({
  ...(decision.applied
    ? { status: decision.status, provider_status: seen.providerStatus, failure_reason: seen.failureReason }
    : {}),
  received_amount: decision.received?.amount ?? null,
  received_currency: decision.received?.currency ?? null,
  flags,
});

/**
 * Runs the state machine on a locked row and records the result in the same transaction: the row
 * updated, then one feed entry (last, so the feed lock is held briefly) when the status changed or a
 * flag was raised.
 */
export const observe = (
  tx: Sql,
  row: InvoiceRow,
  seen: Observation,
  context: ObservationContext,
): TE.TaskEither<StorageFailed, Observed> => {
  const decision = decide(currentOf(row, context.patch), seen);
  const flags = [...row.flags, ...decision.raised];
  const append = () =>
    decision.applied || decision.raised.length > 0
      ? appendEntry(tx, {
          invoiceKey: row.key,
          provider: row.provider,
          invoiceId: context.patch.invoice_id ?? row.invoice_id,
          orderId: row.order_id,
          from: row.status,
          to: decision.status,
          applied: decision.applied,
          flags,
          raised: decision.raised,
          reason: decision.reason,
          cause: context.cause,
          dedupeKey: context.dedupeKey,
          received: decision.received,
        })
      : TE.right(null);
  return pipe(
    updateInvoice(tx, row.key, { ...context.patch, ...outcomePatch(decision, seen, flags) }),
    TE.flatMap(append),
    TE.map((position): Observed => ({ decision, from: row.status, flags, position })),
  );
};
