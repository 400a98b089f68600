import * as A from 'fp-ts/Array';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as RA from 'fp-ts/ReadonlyArray';
import * as T from 'fp-ts/Task';
import * as TE from 'fp-ts/TaskEither';
import {
  describeError,
  type Invoice,
  type InvoiceError,
  type InvoiceProvider,
  type InvoiceStatus,
  type ProviderId,
} from '@invoicekit/core';
import { guardedCall } from './calls';
import { invoiceColumns, invoiceObservation, recordFound, sendIntent } from './create';
import { describeLedgerError, storageFailed, type LedgerError, type StorageFailed } from './errors';
import { lockInvoice, OPEN_STATUSES_SQL } from './invoices';
import { findsByOrder, invoicesForOrder } from './lostCreate';
import type { LedgerMode } from './mode';
import { observe } from './observe';
import { decodeRows, INVOICE_COLUMNS, InvoiceRow, type Creation } from './records';
import type { Storage } from './storage';

/** What `reconcile` works with: the providers to ask, and how many invoices per call. */
export interface ReconcileOptions {
  readonly providers: ReadonlyArray<InvoiceProvider>;
  /** Invoices claimed in one call (default 100); `more` in the report says when some were left. */
  readonly limit?: number;
  /** Provider calls in flight at once (default 4). */
  readonly concurrency?: number;
}

/** One invoice this run asked its provider about, and what came of it. */
export interface Reconciled {
  readonly provider: ProviderId;
  readonly orderId: string | null;
  readonly invoiceId: string | null;
  /** `read` an invoice, `find` a lost create's invoice by order id, or `resend` a lost create. */
  readonly action: 'read' | 'find' | 'resend';
  readonly result: string;
  readonly position: number | null;
}

/** One invoice whose provider call or record failed this run; the next run tries again. */
export interface ReconcileFailure {
  readonly provider: ProviderId;
  readonly orderId: string | null;
  readonly invoiceId: string | null;
  readonly action: Reconciled['action'];
  readonly message: string;
  readonly error: InvoiceError | LedgerError;
}

/** An open invoice reconcile cannot ask about: only a callback (or the merchant) can move it. */
export interface StaleInvoice {
  readonly provider: ProviderId;
  readonly orderId: string | null;
  readonly invoiceId: string | null;
  readonly status: InvoiceStatus | null;
  readonly creation: Creation;
  readonly since: Date;
  readonly reason: string;
}

/** What one `reconcile` call did. */
export interface ReconcileReport {
  readonly checked: ReadonlyArray<Reconciled>;
  readonly failed: ReadonlyArray<ReconcileFailure>;
  readonly stale: ReadonlyArray<StaleInvoice>;
  readonly more: boolean;
}

/** How long reconcile waits before treating rows as abandoned or stale, how long a claim lasts, and the ledger's mode. */
export interface ReconcileTiming {
  readonly unresolvedAfterMs: number;
  readonly staleAfterMs: number;
  readonly recheckAfterMs: number;
  readonly leaseMs: number;
  readonly mode: LedgerMode;
}

/**
 * An unresolved create can be settled where the provider refuses duplicate order ids (a re-send
 * cannot make a second invoice) or lists invoices by order id (a re-send follows only an empty list).
 */
const resolvesLostCreates = (provider: InvoiceProvider): boolean =>
  provider.capabilities.rejectsDuplicateOrders || findsByOrder(provider);

const ids = (providers: ReadonlyArray<InvoiceProvider>, keep: (p: InvoiceProvider) => boolean): string[] =>
  providers.filter(keep).map((p) => p.id);

const claim = (storage: Storage, options: ReconcileOptions, timing: ReconcileTiming, limit: number) =>
  pipe(
    storage.query(
      `UPDATE invoicekit_ledger.invoices SET lease_until = now() + ($3::float8 * interval '1 millisecond')
       WHERE key IN (
         SELECT key FROM invoicekit_ledger.invoices
         WHERE (lease_until IS NULL OR lease_until < now())
           AND (checked_at IS NULL OR checked_at < now() - ($6::float8 * interval '1 millisecond')) AND (
           (creation = 'requested' AND replaced_by IS NULL AND status IS NULL AND provider = ANY($1::text[])
             AND requested_at < now() - ($4::float8 * interval '1 millisecond'))
           OR (invoice_id IS NOT NULL AND provider = ANY($2::text[])
             AND (status IS NULL OR status IN ${OPEN_STATUSES_SQL})))
         ORDER BY checked_at NULLS FIRST, key
         LIMIT $5::int
         FOR UPDATE SKIP LOCKED)
       RETURNING ${INVOICE_COLUMNS}`,
      [
        ids(options.providers, resolvesLostCreates),
        ids(options.providers, (p) => p.capabilities.operations.getInvoice),
        timing.leaseMs,
        timing.unresolvedAfterMs,
        limit,
        timing.recheckAfterMs,
      ],
    ),
    TE.flatMapEither(decodeRows(InvoiceRow)),
  );

const release = (storage: Storage, key: string): TE.TaskEither<StorageFailed, void> =>
  pipe(
    storage.query(
      'UPDATE invoicekit_ledger.invoices SET lease_until = NULL, checked_at = now() WHERE key = $1::bigint',
      [key],
    ),
    TE.map(() => undefined),
  );

const recordRead = (storage: Storage, mode: LedgerMode, key: string, invoice: Invoice) =>
  storage.transaction((tx) =>
    pipe(
      TE.Do,
      TE.bind('columns', () => TE.fromEither(invoiceColumns(invoice))),
      TE.bind('row', () => lockInvoice(tx, key)),
      TE.flatMap(({ columns, row }) =>
        row === null
          ? TE.left(storageFailed(`invoice row ${key} disappeared`))
          : observe(tx, row, invoiceObservation(invoice), {
              cause: 'reconcile',
              dedupeKey: null,
              patch: columns,
              mode,
            }),
      ),
    ),
  );

type Handled = T.Task<E.Either<ReconcileFailure, Reconciled>>;

const failure =
  (row: InvoiceRow, action: Reconciled['action']) =>
  (message: string, error: InvoiceError | LedgerError): ReconcileFailure => ({
    provider: row.provider,
    orderId: row.order_id,
    invoiceId: row.invoice_id,
    action,
    message,
    error,
  });

const providerError = (row: InvoiceRow, action: Reconciled['action']) => (error: InvoiceError) =>
  failure(row, action)(describeError(error), error);

const ledgerError = (row: InvoiceRow, action: Reconciled['action']) => (error: LedgerError) =>
  failure(row, action)(describeLedgerError(error), error);

const read = (storage: Storage, mode: LedgerMode, provider: InvoiceProvider, row: InvoiceRow): Handled =>
  pipe(
    guardedCall(provider.id, () => provider.getInvoice({ id: row.invoice_id ?? '', orderId: row.order_id })),
    TE.mapLeft(providerError(row, 'read')),
    TE.flatMap((invoice) =>
      pipe(recordRead(storage, mode, row.key, invoice), TE.mapLeft(ledgerError(row, 'read'))),
    ),
    TE.map((observed): Reconciled => ({
      provider: row.provider,
      orderId: row.order_id,
      invoiceId: row.invoice_id,
      action: 'read',
      result: observed.decision.reason,
      position: observed.position,
    })),
  );

const resend = (storage: Storage, mode: LedgerMode, provider: InvoiceProvider, row: InvoiceRow): Handled =>
  pipe(
    sendIntent(storage, mode, provider, row.key, row.order_id ?? '', row.request),
    TE.map((invoice): Reconciled => ({
      provider: row.provider,
      orderId: row.order_id,
      invoiceId: invoice.id,
      action: 'resend',
      result: findsByOrder(provider)
        ? `created invoice ${invoice.id}: ${provider.id} listed no invoice for this order, so the first attempt made none`
        : `created invoice ${invoice.id}: the first attempt never reached ${provider.id}`,
      position: null,
    })),
    TE.orElse((error) =>
      error._tag === 'ProviderFailed' && error.error._tag === 'DuplicateOrder'
        ? TE.right<ReconcileFailure, Reconciled>({
            provider: row.provider,
            orderId: row.order_id,
            invoiceId: null,
            action: 'resend',
            result: `${provider.id} already has an invoice for this order: the lost create did arrive; its next callback resolves it`,
            position: null,
          })
        : TE.left(ledgerError(row, 'resend')(error)),
    ),
  );

const foundResult = (provider: InvoiceProvider, found: ReadonlyArray<Invoice>): string =>
  found.length === 1
    ? `found invoice ${found[0]!.id} by order id: the lost create did reach ${provider.id}`
    : `found ${found.length} invoices by order id at ${provider.id}: recorded the newest, ${found[0]!.id}, and raised conflicting_invoice`;

const find = (
  storage: Storage,
  mode: LedgerMode,
  provider: InvoiceProvider,
  row: InvoiceRow,
  lookup: TE.TaskEither<InvoiceError, ReadonlyArray<Invoice>>,
): Handled =>
  pipe(
    lookup,
    TE.mapLeft(providerError(row, 'find')),
    TE.flatMap((found) =>
      RA.isNonEmpty(found)
        ? pipe(
            recordFound(storage, mode, row.key, found),
            TE.mapLeft(ledgerError(row, 'find')),
            TE.map((invoice): Reconciled => ({
              provider: row.provider,
              orderId: row.order_id,
              invoiceId: invoice.id,
              action: 'find',
              result: foundResult(provider, found),
              position: null,
            })),
          )
        : resend(storage, mode, provider, row),
    ),
  );

const settle = (storage: Storage, mode: LedgerMode, provider: InvoiceProvider, row: InvoiceRow): Handled => {
  const lookup = invoicesForOrder(provider, row.order_id ?? '');
  return lookup === null ? resend(storage, mode, provider, row) : find(storage, mode, provider, row, lookup);
};

const handle =
  (storage: Storage, mode: LedgerMode, providers: ReadonlyMap<string, InvoiceProvider>) =>
  (row: InvoiceRow): Handled => {
    const provider = providers.get(row.provider)!;
    const work =
      row.invoice_id === null ? settle(storage, mode, provider, row) : read(storage, mode, provider, row);
    return pipe(
      work,
      T.tap(() => release(storage, row.key)),
    );
  };

const inBatches =
  <A, B>(size: number, run: (a: A) => T.Task<B>) =>
  (items: ReadonlyArray<A>): T.Task<B[]> =>
    pipe(
      A.chunksOf(Math.max(1, size))([...items]),
      A.map((chunk) => T.sequenceArray(chunk.map(run))),
      T.sequenceSeqArray,
      T.map((batches) => batches.flat()),
    );

const minutes = (since: Date): number => Math.max(0, Math.round((Date.now() - since.getTime()) / 60_000));

const staleReason = (row: InvoiceRow, known: ReadonlySet<string>): string => {
  if (!known.has(row.provider)) return `no ${row.provider} provider was given to reconcile()`;
  if (row.invoice_id === null) {
    return row.creation === 'exists'
      ? `${row.provider} has an invoice for this order whose id the ledger has not seen; its next callback resolves it, or recreateInvoice() replaces it`
      : `the create's answer was never recorded and ${row.provider} cannot be asked by order id without risking a second invoice; its next callback resolves it, or recreateInvoice() replaces it`;
  }
  return `${row.provider} cannot be read; only its callbacks move this invoice, and none arrived for ${minutes(new Date(row.updated_at))} min`;
};

const staleRows = (storage: Storage, options: ReconcileOptions, timing: ReconcileTiming) =>
  pipe(
    storage.query(
      `SELECT ${INVOICE_COLUMNS} FROM invoicekit_ledger.invoices
       WHERE (status IS NULL OR status IN ${OPEN_STATUSES_SQL}) AND creation <> 'refused'
         AND NOT (replaced_by IS NOT NULL AND invoice_id IS NULL)
         AND updated_at < now() - ($3::float8 * interval '1 millisecond')
         AND NOT (invoice_id IS NOT NULL AND provider = ANY($2::text[]))
         AND NOT (creation = 'requested' AND replaced_by IS NULL AND provider = ANY($1::text[]))
       ORDER BY invoices.updated_at LIMIT 1000`,
      [
        ids(options.providers, resolvesLostCreates),
        ids(options.providers, (p) => p.capabilities.operations.getInvoice),
        timing.staleAfterMs,
      ],
    ),
    TE.flatMapEither(decodeRows(InvoiceRow)),
    TE.map((rows) => {
      const known = new Set(options.providers.map((p) => p.id));
      return rows.map((row): StaleInvoice => ({
        provider: row.provider,
        orderId: row.order_id,
        invoiceId: row.invoice_id,
        status: row.status,
        creation: row.creation,
        since: new Date(row.updated_at),
        reason: staleReason(row, known),
      }));
    }),
  );

/**
 * Reads every open invoice its provider can read and applies what changed; settles a create whose
 * answer was lost by the provider's invoices for the order where it lists them (re-sent only when it
 * lists none), else by re-sending where it refuses duplicate order ids; reports the open invoices
 * nobody can ask about. Claims rows with `FOR UPDATE SKIP LOCKED` and a lease, so several processes can run
 * it at once without asking twice. CryptoCloud's merchant/info takes up to 100 ids, but the
 * provider interface reads one invoice per call, so this makes one `getInvoice` call per invoice.
 */
export const reconcileWith =
  (storage: Storage, timing: ReconcileTiming) =>
  (options: ReconcileOptions): TE.TaskEither<LedgerError, ReconcileReport> => {
    const limit = Math.max(1, Math.floor(options.limit ?? 100));
    const providers = new Map(options.providers.map((p) => [p.id as string, p]));
    return pipe(
      TE.Do,
      TE.bind('claimed', () => claim(storage, options, timing, limit)),
      TE.bind('results', ({ claimed }) =>
        TE.fromTask(inBatches(options.concurrency ?? 4, handle(storage, timing.mode, providers))(claimed)),
      ),
      TE.bind('stale', () => staleRows(storage, options, timing)),
      TE.map(({ claimed, results, stale }) => ({
        checked: results.flatMap((r) => (E.isRight(r) ? [r.right] : [])),
        failed: results.flatMap((r) => (E.isLeft(r) ? [r.left] : [])),
        stale,
        more: claimed.length === limit,
      })),
    );
  };
