import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { shopAction, type ShopAction } from './action';
import type { StorageFailed } from './errors';
import { decide, learnedQuote, type Current, type Decision, type Observation } from './decide';
import type { EntryFields } from './feed';
import { newFlags, type LedgerFlag } from './flags';
import { mergePatches, type InvoicePatch } from './invoices';
import { judgeMode, type LedgerMode, type ModeRefusal, type ModeVerdict } from './mode';
import type { Money } from '@invoicekit/core';
import type { Cause, InvoiceState } from './records';
import type { Sql } from './storage';
import { writeLocked, type Written } from './write';

/** An observation and the mode it reports: true for a test, null when it says nothing about the mode. */
export interface ModalObservation extends Observation {
  readonly testMode: boolean | null;
}

/** An observation as the ledger recorded it: the decision, the status before, its feed position and action (`none` without an entry). */
export interface Observed {
  readonly decision: Decision;
  readonly from: Current['status'];
  readonly flags: ReadonlyArray<LedgerFlag>;
  readonly position: number | null;
  readonly action: ShopAction;
}

/** Where an observation came from, the ledger's mode, and columns to write along with its outcome. */
export interface ObservationContext {
  readonly cause: Cause;
  readonly dedupeKey: string | null;
  readonly patch: InvoicePatch;
  readonly mode: LedgerMode;
}

/** What the state machine needs to know about a row (with a newly quoted pay amount, when `patch` has one). */
export const currentOf = (row: InvoiceState, patch: InvoicePatch = {}): Current => {
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
): InvoicePatch => {
  const outcome: InvoicePatch = {
    received_amount: decision.received?.amount ?? null,
    received_currency: decision.received?.currency ?? null,
    flags,
  };
  return decision.applied
    ? mergePatches(
        { status: decision.status, provider_status: seen.providerStatus, failure_reason: seen.failureReason },
        outcome,
      )
    : outcome;
};

const refused = (current: Current, seen: Observation, refusal: ModeRefusal): Decision => ({
  applied: false,
  status: current.status,
  received: current.received,
  raised: [refusal.flag],
  reason: `${seen.status} not applied: ${refusal.reason}`,
});

/** The columns that record a pay-in quote first learnt from a confirmed observation, so later ones are checked against it. */
const quotePatch = (current: Current, seen: Observation): InvoicePatch => {
  const quote = learnedQuote(current.expected, seen);
  return quote === null ? {} : { payment_currency: quote.currency, payment_amount: quote.amount };
};

/** The mode judged for a row: only a confirmed observation's mode is trusted. */
export const modeOf = (mode: LedgerMode, row: InvoiceState, seen: ModalObservation): ModeVerdict =>
  judgeMode(mode, row.test_mode, seen.confirmed ? seen.testMode : null);

/** The columns that record a mode the row did not know yet. */
const modePatch = (row: InvoiceState, verdict: ModeVerdict): InvoicePatch =>
  row.test_mode === null && verdict.invoiceMode !== null ? { test_mode: verdict.invoiceMode } : {};

/** The flags an observation raises: `test_mode` first when it concerns test money, then the decision's. */
export const raisedWith = (
  present: ReadonlyArray<LedgerFlag>,
  testMode: boolean,
  raised: ReadonlyArray<LedgerFlag>,
): LedgerFlag[] => newFlags(present, [...(testMode ? (['test_mode'] as const) : []), ...raised]);

/** A feed entry to append with a write, and its action. */
export interface PlannedEntry {
  readonly fields: EntryFields;
  readonly action: ShopAction;
}

/** The entry a ledger of `mode` appends, with its action decided now (stored, never recomputed). */
export const plannedEntry = (mode: LedgerMode, fields: EntryFields): PlannedEntry => ({
  fields,
  action: shopAction(mode, fields),
});

/** What an observation of a row comes to: the decision, and the columns and feed entry that record it. */
export interface Planned {
  readonly decision: Decision;
  readonly from: Current['status'];
  readonly flags: ReadonlyArray<LedgerFlag>;
  readonly patch: InvoicePatch;
  readonly entry: PlannedEntry | null;
}

/**
 * Runs the state machine on a row as read: the columns to write (the context's patch, the mode and
 * quote learnt, the outcome) and one feed entry when the status changed or a flag was raised. An
 * observation whose mode contradicts the invoice's, or a live one in a test ledger, is recorded and
 * flagged but not applied; one about test money raises `test_mode`.
 */
export const planObservation = (
  row: InvoiceState,
  seen: ModalObservation,
  context: ObservationContext,
): Planned => {
  const verdict = modeOf(context.mode, row, seen);
  const current = currentOf(row, context.patch);
  const judged = verdict.refusal === null ? decide(current, seen) : refused(current, seen, verdict.refusal);
  const decision: Decision = Object.assign({}, judged, {
    raised: raisedWith(row.flags, verdict.testMode, judged.raised),
  });
  const flags = [...row.flags, ...decision.raised];
  return {
    decision,
    from: row.status,
    flags,
    patch: mergePatches(
      context.patch,
      modePatch(row, verdict),
      verdict.refusal === null ? quotePatch(current, seen) : {},
      outcomePatch(decision, seen, flags),
    ),
    entry:
      decision.applied || decision.raised.length > 0
        ? plannedEntry(context.mode, {
            provider: row.provider,
            invoiceId: context.patch.invoice_id ?? row.invoice_id,
            orderId: row.order_id,
            from: row.status,
            to: decision.status,
            applied: decision.applied,
            testMode: verdict.testMode,
            flags,
            raised: decision.raised,
            reason: decision.reason,
            cause: context.cause,
            dedupeKey: context.dedupeKey,
            received: decision.received,
          })
        : null,
  };
};

/** A plan as recorded: the decision with the entry's position and action (`none` without an entry). */
export const observedAs = (planned: Planned, written: Written): Observed => ({
  decision: planned.decision,
  from: planned.from,
  flags: planned.flags,
  position: written.position,
  action: planned.entry?.action ?? 'none',
});

/** Plans an observation of a row this transaction holds locked and records it in one statement. */
export const observe = (
  tx: Sql,
  row: InvoiceState,
  seen: ModalObservation,
  context: ObservationContext,
): TE.TaskEither<StorageFailed, Observed> => {
  const planned = planObservation(row, seen, context);
  return pipe(
    writeLocked(tx, row.key, {
      target: { kind: 'update', key: row.key, xmin: null, patch: planned.patch },
      entry: planned.entry,
      delivery: null,
    }),
    TE.map((written) => observedAs(planned, written)),
  );
};

/** Flags raised on a row without applying anything, and the feed entry that says why. */
export interface RowFlags {
  readonly invoiceId: string | null;
  readonly testMode: boolean;
  readonly raised: ReadonlyArray<LedgerFlag>;
  readonly reason: string;
  readonly cause: Cause;
  readonly dedupeKey: string | null;
  readonly received: Money | null;
}

/** The flags a row has once `raised` are saved, and the one feed entry about them, its status unchanged. */
export const planFlags = (
  mode: LedgerMode,
  row: InvoiceState,
  raised: RowFlags,
): { readonly flags: LedgerFlag[]; readonly entry: PlannedEntry } => {
  const flags = [...row.flags, ...raised.raised];
  return {
    flags,
    entry: plannedEntry(mode, {
      ...raised,
      provider: row.provider,
      orderId: row.order_id,
      from: row.status,
      to: row.status,
      applied: false,
      flags,
    }),
  };
};

/** Saves flags newly raised on a row this transaction holds locked and appends their one feed entry. */
export const flagRow = (
  tx: Sql,
  mode: LedgerMode,
  row: InvoiceState,
  raised: RowFlags,
): TE.TaskEither<StorageFailed, { position: number | null; action: ShopAction }> => {
  const { flags, entry } = planFlags(mode, row, raised);
  return pipe(
    writeLocked(tx, row.key, {
      target: { kind: 'update', key: row.key, xmin: null, patch: { flags } },
      entry,
      delivery: null,
    }),
    TE.map(({ position }) => ({ position, action: entry.action })),
  );
};
