import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { Decimal, FailureReason, InvoiceStatus, ProviderId } from '@invoicekit/core';
import { andThenEither } from '@invoicekit/core/adapter';
import type { StorageFailed } from './errors';
import type { LedgerFlag } from './flags';
import {
  decodeRows,
  INVOICE_COLUMNS,
  InvoiceRow,
  InvoiceState,
  stateColumns,
  type Creation,
  type LedgerRef,
} from './records';
import { statement, type Sql } from './storage';

/** The invoice columns the ledger writes after inserting a row (`request`/`snapshot` as JSON text). */
export interface InvoiceColumns {
  readonly invoice_id: string;
  readonly creation: Creation;
  readonly status: InvoiceStatus | null;
  readonly provider_status: string | null;
  readonly failure_reason: FailureReason;
  readonly payment_currency: string | null;
  readonly payment_amount: Decimal | null;
  readonly received_amount: Decimal | null;
  readonly received_currency: string | null;
  readonly flags: ReadonlyArray<LedgerFlag>;
  readonly test_mode: boolean | null;
  readonly snapshot: string;
  readonly last_error: string | null;
  readonly replaced_by: string | null;
}

/** Some invoice columns to set. */
export type InvoicePatch = Partial<InvoiceColumns>;

/**
 * The patches' columns in one patch, a later patch's value winning. `Object.assign` rather than a spread:
 * on Node 20 each member added after a spread costs about 1 µs (BENCHMARKS.md, ledger create).
 */
export const mergePatches = (...patches: ReadonlyArray<InvoicePatch>): InvoicePatch =>
  Object.assign({}, ...patches) as InvoicePatch;

/** The SQL type each patchable column's parameter is cast to (`snapshot` arrives as JSON text). */
export const PATCH_CASTS: Readonly<Record<keyof InvoiceColumns, string>> = {
  invoice_id: 'text',
  creation: 'text',
  status: 'text',
  provider_status: 'text',
  failure_reason: 'text',
  payment_currency: 'text',
  payment_amount: 'text',
  received_amount: 'text',
  received_currency: 'text',
  flags: 'text[]',
  test_mode: 'boolean',
  snapshot: 'text::jsonb',
  last_error: 'text',
  replaced_by: 'text',
};

const select = (sql: Sql, where: string, params: ReadonlyArray<unknown>, lock: boolean) =>
  pipe(
    sql.query(
      statement(
        `SELECT ${INVOICE_COLUMNS} FROM invoicekit_ledger.invoices WHERE ${where} ORDER BY invoices.key${lock ? ' FOR UPDATE' : ''}`,
      ),
      params,
    ),
    andThenEither(decodeRows(InvoiceRow)),
  );

const first = (rows: ReadonlyArray<InvoiceRow>): InvoiceRow | null => rows[0] ?? null;

/** The invoice recorded for a merchant's order, locked when `lock` is set. */
export const invoiceByOrder = (
  sql: Sql,
  provider: ProviderId,
  orderId: string,
  lock: boolean,
): TE.TaskEither<StorageFailed, InvoiceRow | null> =>
  pipe(select(sql, 'provider = $1::text AND order_id = $2::text', [provider, orderId], lock), TE.map(first));

/** The invoice recorded under the provider's invoice id, locked when `lock` is set. */
export const invoiceById = (
  sql: Sql,
  provider: ProviderId,
  invoiceId: string,
  lock: boolean,
): TE.TaskEither<StorageFailed, InvoiceRow | null> =>
  pipe(
    select(sql, 'provider = $1::text AND invoice_id = $2::text', [provider, invoiceId], lock),
    TE.map(first),
  );

/** The invoice a `LedgerRef` names, locked when `lock` is set. */
export const invoiceByRef = (
  sql: Sql,
  provider: ProviderId,
  ref: LedgerRef,
  lock: boolean,
): TE.TaskEither<StorageFailed, InvoiceRow | null> =>
  'orderId' in ref
    ? invoiceByOrder(sql, provider, ref.orderId, lock)
    : invoiceById(sql, provider, ref.invoiceId, lock);

/** Locks one invoice row by its key. */
export const lockInvoice = (tx: Sql, key: string): TE.TaskEither<StorageFailed, InvoiceRow | null> =>
  pipe(select(tx, 'key = $1::bigint', [key], true), TE.map(first));

const STATE_BY_KEY = statement(
  `SELECT ${stateColumns()} FROM invoicekit_ledger.invoices WHERE invoices.key = $1::bigint`,
);

/** What the state machine reads of one invoice, and its version, without locking it. */
export const readState = (sql: Sql, key: string): TE.TaskEither<StorageFailed, InvoiceState | null> =>
  pipe(
    sql.query(STATE_BY_KEY, [key]),
    andThenEither(decodeRows(InvoiceState)),
    TE.map((rows) => rows[0] ?? null),
  );

const REQUEST_BY_KEY = statement(
  'SELECT request FROM invoicekit_ledger.invoices WHERE invoices.key = $1::bigint',
);

/** The create request recorded for an invoice (null when none was, or the row is gone). */
export const requestOf = (sql: Sql, key: string): TE.TaskEither<StorageFailed, unknown> =>
  pipe(
    sql.query<{ request: unknown }>(REQUEST_BY_KEY, [key]),
    TE.map((rows) => rows[0]?.request ?? null),
  );

const INSERT_INTENT = statement(
  `INSERT INTO invoicekit_ledger.invoices (provider, order_id, creation, price_amount, price_currency, request)
   VALUES ($1::text, $2::text, 'requested', $3::text, $4::text, $5::text::jsonb)
   ON CONFLICT (provider, order_id) WHERE order_id IS NOT NULL DO NOTHING
   RETURNING key::text AS key, xmin::text AS xmin`,
);

/** The row an intent insert wrote, as `readState` would read it back. */
const intentState = (
  provider: ProviderId,
  orderId: string,
  price: { readonly amount: Decimal; readonly currency: string },
  written: { readonly key: string; readonly xmin: string },
): InvoiceState => ({
  key: written.key,
  xmin: written.xmin,
  provider,
  order_id: orderId,
  invoice_id: null,
  creation: 'requested',
  status: null,
  price_amount: price.amount,
  price_currency: price.currency,
  payment_currency: null,
  payment_amount: null,
  received_amount: null,
  received_currency: null,
  flags: [],
  test_mode: null,
  replaced_by: null,
});

/** Writes the order intent (one statement, committed at once); returns the new row, or null when the order is already recorded. */
export const insertIntent = (
  sql: Sql,
  provider: ProviderId,
  orderId: string,
  price: { readonly amount: Decimal; readonly currency: string },
  request: string,
): TE.TaskEither<StorageFailed, InvoiceState | null> =>
  pipe(
    sql.query<{ key: string; xmin: string }>(INSERT_INTENT, [
      provider,
      orderId,
      price.amount,
      price.currency,
      request,
    ]),
    TE.map((rows) => (rows[0] === undefined ? null : intentState(provider, orderId, price, rows[0]))),
  );

const REOPEN = statement(
  `UPDATE invoicekit_ledger.invoices
   SET creation = 'requested', request = $2::text::jsonb, last_error = NULL, requested_at = now(), updated_at = now()
   WHERE key = $1::bigint`,
);

/** Re-opens a refused order for a new attempt with this request. */
export const reopenIntent = (tx: Sql, key: string, request: string): TE.TaskEither<StorageFailed, void> =>
  pipe(
    tx.query(REOPEN, [key, request]),
    TE.map(() => undefined),
  );
