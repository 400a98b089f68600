import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { Decimal, FailureReason, Invoice, InvoiceStatus, ProviderId, type Money } from '@invoicekit/core';
import { reportIssues } from '@invoicekit/core/adapter';
import { ShopAction } from './action';
import { storageFailed, type StorageFailed } from './errors';
import { LedgerFlag } from './flags';

const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

/** An invoice in the ledger, by the merchant's order id or the provider's invoice id. */
export type LedgerRef = { readonly orderId: string } | { readonly invoiceId: string };

/** How the ledger learnt of an invoice: `requested` until the create's answer (or a delivery) resolves it. */
export const Creation = t.keyof(
  { requested: null, created: null, refused: null, exists: null, delivered: null },
  'Creation',
);
/**
 * `requested`: the order was written, the provider's answer was not (in flight, timed out or crashed);
 * `created`: the answer was recorded; `refused`: the provider refused and nothing was created;
 * `exists`: the provider says the order already has an invoice whose id the ledger has not seen;
 * `delivered`: the invoice id came from a delivery, not from a create answer.
 */
export type Creation = t.TypeOf<typeof Creation>;

/** Why a feed entry was appended. */
export const Cause = t.keyof(
  { create: null, delivery: null, reconcile: null, recreate: null, cancel: null },
  'Cause',
);
/** Why a feed entry was appended: a create's answer, a delivery, a reconcile read, a re-create, or a cancel the merchant asked for. */
export type Cause = t.TypeOf<typeof Cause>;

/** What became of the merchant's last cancel: cancelled, refused (nothing was cancelled), or unresolved (no answer). */
export const CancelOutcome = t.keyof({ cancelled: null, refused: null, unresolved: null }, 'CancelOutcome');
/** What became of the merchant's last cancel: cancelled, refused (nothing was cancelled), or unresolved (no answer). */
export type CancelOutcome = t.TypeOf<typeof CancelOutcome>;

/** The last cancel the merchant asked the ledger for, and the provider's answer (null until it is recorded). */
export interface CancelRecord {
  readonly requestedAt: Date;
  readonly outcome: CancelOutcome | null;
  /** The provider's answer in words. */
  readonly answer: string | null;
  readonly answeredAt: Date | null;
}

const STATE_FIELDS = {
  key: t.string,
  /** The row version (`xmin`): a write made on what was read applies only while it is unchanged. */
  xmin: t.string,
  provider: ProviderId,
  order_id: nullable(t.string),
  invoice_id: nullable(t.string),
  creation: Creation,
  status: nullable(InvoiceStatus),
  price_amount: nullable(Decimal),
  price_currency: nullable(t.string),
  payment_currency: nullable(t.string),
  payment_amount: nullable(Decimal),
  received_amount: nullable(Decimal),
  received_currency: nullable(t.string),
  flags: t.array(LedgerFlag),
  test_mode: nullable(t.boolean),
  replaced_by: nullable(t.string),
};

/** What the state machine and the writes after it read of an invoice row, and the row's version. */
export const InvoiceState = t.type(STATE_FIELDS);
/** What the state machine and the writes after it read of an invoice row, and the row's version. */
export type InvoiceState = t.TypeOf<typeof InvoiceState>;

/** The select list that `InvoiceState` decodes, its columns qualified by `table` (no JSON columns). */
export const stateColumns = (table = 'invoices'): string =>
  `${table}.key::text AS key, ${table}.xmin::text AS xmin, ${table}.provider, ${table}.order_id,
  ${table}.invoice_id, ${table}.creation, ${table}.status, ${table}.price_amount, ${table}.price_currency,
  ${table}.payment_currency, ${table}.payment_amount, ${table}.received_amount, ${table}.received_currency,
  ${table}.flags, ${table}.test_mode, ${table}.replaced_by`;

/** An `invoicekit_ledger.invoices` row as the ledger selects it. */
export const InvoiceRow = t.type({
  ...STATE_FIELDS,
  provider_status: nullable(t.string),
  failure_reason: FailureReason,
  request: t.unknown,
  snapshot: t.unknown,
  last_error: nullable(t.string),
  cancel_requested_at: nullable(t.string),
  cancel_outcome: nullable(CancelOutcome),
  cancel_answer: nullable(t.string),
  cancel_answered_at: nullable(t.string),
  requested_at: t.string,
  updated_at: t.string,
});
/** An `invoicekit_ledger.invoices` row as the ledger selects it. */
export type InvoiceRow = t.TypeOf<typeof InvoiceRow>;

/** The select list that `InvoiceRow` decodes (driver-neutral: ids and times as text). */
export const INVOICE_COLUMNS = `${stateColumns()}, provider_status, failure_reason, request, snapshot,
  last_error, to_json(cancel_requested_at) #>> '{}' AS cancel_requested_at, cancel_outcome, cancel_answer,
  to_json(cancel_answered_at) #>> '{}' AS cancel_answered_at,
  to_json(requested_at) #>> '{}' AS requested_at, to_json(updated_at) #>> '{}' AS updated_at`;

/** What the ledger holds about one invoice. */
export interface LedgerInvoice {
  readonly provider: ProviderId;
  readonly orderId: string | null;
  readonly invoiceId: string | null;
  readonly creation: Creation;
  readonly status: InvoiceStatus | null;
  readonly providerStatus: string | null;
  readonly failureReason: FailureReason;
  readonly price: Money | null;
  readonly payment: { readonly currency: string; readonly amount: Decimal | null } | null;
  readonly received: Money | null;
  readonly flags: ReadonlyArray<LedgerFlag>;
  /** Whether the provider says the invoice is a test; null until a create answer, delivery or read says. */
  readonly testMode: boolean | null;
  readonly replacedBy: string | null;
  readonly lastError: string | null;
  /** The last `cancelInvoice` for it, or null when none was asked. */
  readonly cancel: CancelRecord | null;
  /** The provider's invoice as its create answer (or the last reconcile read) gave it. */
  readonly invoice: Invoice | null;
  readonly requestedAt: Date;
  readonly updatedAt: Date;
}

/** One entry of the transition feed: a status change, or flags raised without one (`applied: false`). */
export interface FeedEntry {
  readonly position: number;
  readonly provider: ProviderId;
  readonly invoiceId: string | null;
  readonly orderId: string | null;
  readonly from: InvoiceStatus | null;
  readonly to: InvoiceStatus | null;
  readonly applied: boolean;
  /** The invoice or what caused this entry is in test mode (`flags` then holds `test_mode`): no live money. */
  readonly testMode: boolean;
  readonly flags: ReadonlyArray<LedgerFlag>;
  readonly raised: ReadonlyArray<LedgerFlag>;
  readonly reason: string;
  readonly cause: Cause;
  /** What the shop should do: ship only on `fulfil` (see `ShopAction`); stored when the entry was appended. */
  readonly action: ShopAction;
  readonly dedupeKey: string | null;
  readonly received: Money | null;
  readonly at: Date;
}

/** A `invoicekit_ledger.transitions` row as the ledger selects it. */
export const TransitionRow = t.type({
  position: t.string,
  provider: ProviderId,
  invoice_id: nullable(t.string),
  order_id: nullable(t.string),
  from_status: nullable(InvoiceStatus),
  to_status: nullable(InvoiceStatus),
  applied: t.boolean,
  test_mode: t.boolean,
  flags: t.array(LedgerFlag),
  raised: t.array(LedgerFlag),
  reason: t.string,
  cause: Cause,
  action: ShopAction,
  dedupe_key: nullable(t.string),
  received_amount: nullable(Decimal),
  received_currency: nullable(t.string),
  at: t.string,
});

/** The select list that `TransitionRow` decodes. */
export const TRANSITION_COLUMNS = `position::text AS position, provider, invoice_id, order_id, from_status,
  to_status, applied, test_mode, flags, raised, reason, cause, action, dedupe_key, received_amount,
  received_currency, to_json(at) #>> '{}' AS at`;

/** What became of one delivery: the first outcome, returned again (with `duplicate: true`) for a repeat. */
export const DeliveryOutcome = t.type({
  invoiceId: nullable(t.string),
  orderId: nullable(t.string),
  applied: t.boolean,
  from: nullable(InvoiceStatus),
  to: nullable(InvoiceStatus),
  raised: t.array(LedgerFlag),
  reason: t.string,
  position: nullable(t.number),
});
/** What became of one delivery. */
export type DeliveryOutcome = t.TypeOf<typeof DeliveryOutcome>;

/** The answer to `apply`: the delivery's outcome, whether it had been delivered before, whether it was a test, and what the shop should do. */
export interface DeliveryResult extends DeliveryOutcome {
  readonly provider: ProviderId;
  readonly dedupeKey: string;
  readonly duplicate: boolean;
  /** The delivery said it is in test mode. */
  readonly testMode: boolean;
  /** The action of the feed entry this delivery appended; `none` when it appended none, and on a duplicate. */
  readonly action: ShopAction;
}

/** Decodes rows the ledger selected; a mismatch means the schema is not the one this code expects. */
export const decodeRows =
  <C extends t.Mixed>(codec: C) =>
  (rows: ReadonlyArray<unknown>): E.Either<StorageFailed, Array<t.TypeOf<C>>> =>
    pipe(
      t.array(codec).decode(rows),
      E.mapLeft((errors) =>
        storageFailed(
          `unexpected row: ${reportIssues(errors)
            .map((i) => `${i.path} ${i.message}`)
            .join('; ')}`,
        ),
      ),
    );

const moneyOf = (amount: Decimal | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount, currency };

const snapshotOf = (u: unknown): Invoice | null =>
  pipe(
    Invoice.decode(u),
    E.getOrElseW(() => null),
  );

/** The public record of an invoice row. */
export const toLedgerInvoice = (row: InvoiceRow): LedgerInvoice => ({
  provider: row.provider,
  orderId: row.order_id,
  invoiceId: row.invoice_id,
  creation: row.creation,
  status: row.status,
  providerStatus: row.provider_status,
  failureReason: row.failure_reason,
  price: moneyOf(row.price_amount, row.price_currency),
  payment:
    row.payment_currency === null ? null : { currency: row.payment_currency, amount: row.payment_amount },
  received: moneyOf(row.received_amount, row.received_currency),
  flags: row.flags,
  testMode: row.test_mode,
  replacedBy: row.replaced_by,
  lastError: row.last_error,
  cancel:
    row.cancel_requested_at === null
      ? null
      : {
          requestedAt: new Date(row.cancel_requested_at),
          outcome: row.cancel_outcome,
          answer: row.cancel_answer,
          answeredAt: row.cancel_answered_at === null ? null : new Date(row.cancel_answered_at),
        },
  invoice: snapshotOf(row.snapshot),
  requestedAt: new Date(row.requested_at),
  updatedAt: new Date(row.updated_at),
});

/** The public record of a transition row. */
export const toFeedEntry = (row: t.TypeOf<typeof TransitionRow>): FeedEntry => ({
  position: Number(row.position),
  provider: row.provider,
  invoiceId: row.invoice_id,
  orderId: row.order_id,
  from: row.from_status,
  to: row.to_status,
  applied: row.applied,
  testMode: row.test_mode,
  flags: row.flags,
  raised: row.raised,
  reason: row.reason,
  cause: row.cause,
  action: row.action,
  dedupeKey: row.dedupe_key,
  received: moneyOf(row.received_amount, row.received_currency),
  at: new Date(row.at),
});
