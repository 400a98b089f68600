import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { Decimal, FailureReason, InvoiceStatus, ProviderId } from '@invoicekit/core';
import type { StorageFailed } from './errors';
import type { LedgerFlag } from './flags';
import { decodeRows, INVOICE_COLUMNS, InvoiceRow, type Creation, type LedgerRef } from './records';
import type { Sql } from './storage';

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

const CASTS: Readonly<Record<keyof InvoiceColumns, string>> = {
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

/** The statuses reconcile watches, as an SQL list: the open ones and a refund under way. */
export const OPEN_STATUSES_SQL =
  "('created', 'pending', 'processing', 'partially_paid', 'held', 'refunding', 'unknown')";

const select = (sql: Sql, where: string, params: ReadonlyArray<unknown>, lock: boolean) =>
  pipe(
    sql.query(
      `SELECT ${INVOICE_COLUMNS} FROM invoicekit_ledger.invoices WHERE ${where} ORDER BY invoices.key${lock ? ' FOR UPDATE' : ''}`,
      params,
    ),
    TE.flatMapEither(decodeRows(InvoiceRow)),
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

/**
 * Locks the rows a delivery may concern: the one with its invoice id and, when `byOrder`, the one
 * with its order id (an unresolved create the delivery resolves).
 */
export const lockForDelivery = (
  tx: Sql,
  provider: ProviderId,
  invoiceId: string,
  orderId: string | null,
): TE.TaskEither<StorageFailed, InvoiceRow[]> =>
  select(
    tx,
    'provider = $1::text AND (invoice_id = $2::text OR ($3::text IS NOT NULL AND order_id = $3::text))',
    [provider, invoiceId, orderId],
    true,
  );

/** Records an invoice first seen through a delivery, in the delivery's mode; does nothing when a row for it already exists. */
export const insertDelivered = (
  tx: Sql,
  provider: ProviderId,
  invoiceId: string,
  orderId: string | null,
  testMode: boolean,
): TE.TaskEither<StorageFailed, void> =>
  pipe(
    tx.query(
      `INSERT INTO invoicekit_ledger.invoices (provider, order_id, invoice_id, creation, test_mode)
       VALUES ($1::text, $2::text, $3::text, 'delivered', $4::boolean) ON CONFLICT DO NOTHING`,
      [provider, orderId, invoiceId, testMode],
    ),
    TE.map(() => undefined),
  );

/** Writes the order intent; returns the new row's key, or null when the order is already recorded. */
export const insertIntent = (
  tx: Sql,
  provider: ProviderId,
  orderId: string,
  price: { readonly amount: Decimal; readonly currency: string },
  request: string,
): TE.TaskEither<StorageFailed, string | null> =>
  pipe(
    tx.query<{ key: string }>(
      `INSERT INTO invoicekit_ledger.invoices (provider, order_id, creation, price_amount, price_currency, request)
       VALUES ($1::text, $2::text, 'requested', $3::text, $4::text, $5::text::jsonb)
       ON CONFLICT (provider, order_id) WHERE order_id IS NOT NULL DO NOTHING
       RETURNING key::text AS key`,
      [provider, orderId, price.amount, price.currency, request],
    ),
    TE.map((rows) => rows[0]?.key ?? null),
  );

/** Sets some columns of one invoice (and its `updated_at`). */
export const updateInvoice = (
  tx: Sql,
  key: string,
  patch: InvoicePatch,
): TE.TaskEither<StorageFailed, void> => {
  const columns = (Object.keys(patch) as Array<keyof InvoiceColumns>).filter((c) => patch[c] !== undefined);
  const sets = columns.map((column, i) => `${column} = $${i + 2}::${CASTS[column]}`);
  return pipe(
    tx.query(
      `UPDATE invoicekit_ledger.invoices SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE key = $1::bigint`,
      [key, ...columns.map((column) => patch[column])],
    ),
    TE.map(() => undefined),
  );
};

/** Re-opens a refused order for a new attempt with this request. */
export const reopenIntent = (tx: Sql, key: string, request: string): TE.TaskEither<StorageFailed, void> =>
  pipe(
    tx.query(
      `UPDATE invoicekit_ledger.invoices
       SET creation = 'requested', request = $2::text::jsonb, last_error = NULL, requested_at = now(), updated_at = now()
       WHERE key = $1::bigint`,
      [key, request],
    ),
    TE.map(() => undefined),
  );
