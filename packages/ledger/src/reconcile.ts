import * as A from 'fp-ts/Array';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as RA from 'fp-ts/ReadonlyArray';
import * as T from 'fp-ts/Task';
import * as TE from 'fp-ts/TaskEither';
import * as t from 'io-ts';
import {
  describeError,
  InvoiceStatus,
  ProviderId,
  type Invoice,
  type InvoiceError,
  type InvoiceProvider,
} from '@invoicekit/core';
import { andThenEither, andThenTask } from '@invoicekit/core/adapter';
import { guardedCall } from './calls';
import { invoiceColumns, invoiceObservation, recordFound, sendIntent } from './create';
import { describeLedgerError, storageFailed, type LedgerError, type StorageFailed } from './errors';
import { readState, requestOf } from './invoices';
import { findsByOrder, invoicesForOrder } from './lostCreate';
import type { LedgerMode } from './mode';
import { observedAs, planObservation } from './observe';
import { Creation, decodeRows, InvoiceState, stateColumns } from './records';
import { statement, type Storage } from './storage';
import { untilWritten, write } from './write';

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

/** The ids of the providers that can read an invoice, then of those that can settle a lost create: both queries' first two parameters. */
const readingAndSettling = (providers: ReadonlyArray<InvoiceProvider>): [string[], string[]] => [
  ids(providers, (p) => p.capabilities.operations.getInvoice),
  ids(providers, resolvesLostCreates),
];

/** Invoices claimed by one statement on PGlite: a call claims up to its `limit` in batches of this many, each worked through before the next. */
export const CLAIM_BATCH = 100;

/** Rows one claim takes: on PGlite a batch, so the event loop runs between statements; a server runs them outside the process, so all at once. */
const claimBatch = (storage: Storage, limit: number): number =>
  storage.driver === 'pglite' ? CLAIM_BATCH : limit;

// The due rows come from invoicekit_ledger.due_invoices, which walks invoices_due_read (open invoices
// it can read) and invoices_due_create (lost creates) per provider in claim order and stops at the
// batch, so the claim reads about the rows it takes at any size. Each is then locked by its key
// (skipped when another run holds it or took it meanwhile) and leased.
const CLAIM = statement(
  `WITH claimed AS (
     SELECT locked.key
     FROM invoicekit_ledger.due_invoices($1::text[], $2::text[], $4::float8, $5::float8, $6::int, $7::bigint[]) AS due
     CROSS JOIN LATERAL (
       SELECT invoices.key FROM invoicekit_ledger.invoices
       WHERE invoices.key = due.key AND (lease_until IS NULL OR lease_until < now())
         AND (checked_at IS NULL OR checked_at < now() - ($4::float8 * interval '1 millisecond'))
       FOR UPDATE SKIP LOCKED
     ) AS locked
   )
   UPDATE invoicekit_ledger.invoices SET lease_until = now() + ($3::float8 * interval '1 millisecond')
   WHERE invoices.key = ANY (ARRAY(SELECT key FROM claimed))
   RETURNING ${stateColumns()}`,
);

const byKey = (a: InvoiceState, b: InvoiceState): number => Number(BigInt(a.key) - BigInt(b.key));

const claim = (
  storage: Storage,
  options: ReconcileOptions,
  timing: ReconcileTiming,
  limit: number,
  claimedBefore: ReadonlyArray<string>,
) =>
  pipe(
    storage.query(CLAIM, [
      ...readingAndSettling(options.providers),
      timing.leaseMs,
      timing.recheckAfterMs,
      timing.unresolvedAfterMs,
      limit,
      claimedBefore,
    ]),
    andThenEither(decodeRows(InvoiceState)),
    TE.map((rows) => [...rows].sort(byKey)),
  );

const RELEASE = statement(
  'UPDATE invoicekit_ledger.invoices SET lease_until = NULL, checked_at = now() WHERE key = $1::bigint',
);

const release = (storage: Storage, key: string): TE.TaskEither<StorageFailed, void> =>
  pipe(
    storage.query(RELEASE, [key]),
    TE.map(() => undefined),
  );

/** Records a provider read on the claimed row and ends the lease, in one statement; on the row as read again after any change meanwhile. */
const recordRead = (storage: Storage, mode: LedgerMode, claimed: InvoiceState, invoice: Invoice) =>
  pipe(
    TE.fromEither(invoiceColumns(invoice)),
    andThenTask((columns) =>
      untilWritten(`invoice row ${claimed.key}`, (retry) =>
        pipe(
          retry ? readState(storage, claimed.key) : TE.right<StorageFailed, InvoiceState | null>(claimed),
          andThenTask((row) => {
            if (row === null) return TE.left(storageFailed(`invoice row ${claimed.key} disappeared`));
            const planned = planObservation(row, invoiceObservation(invoice), {
              cause: 'reconcile',
              dedupeKey: null,
              patch: columns,
              mode,
            });
            return pipe(
              write(storage, {
                target: { kind: 'update', key: row.key, xmin: row.xmin, patch: planned.patch, release: true },
                entry: planned.entry,
                delivery: null,
              }),
              TE.map((written) => (written === null ? null : observedAs(planned, written))),
            );
          }),
        ),
      ),
    ),
  );

type Handled = T.Task<E.Either<ReconcileFailure, Reconciled>>;

const failure =
  (row: InvoiceState, action: Reconciled['action']) =>
  (message: string, error: InvoiceError | LedgerError): ReconcileFailure => ({
    provider: row.provider,
    orderId: row.order_id,
    invoiceId: row.invoice_id,
    action,
    message,
    error,
  });

const providerError = (row: InvoiceState, action: Reconciled['action']) => (error: InvoiceError) =>
  failure(row, action)(describeError(error), error);

const ledgerError = (row: InvoiceState, action: Reconciled['action']) => (error: LedgerError) =>
  failure(row, action)(describeLedgerError(error), error);

/** Reads the invoice from its provider and records it, ending the lease with the write; a failure ends it on its own. */
const read = (storage: Storage, mode: LedgerMode, provider: InvoiceProvider, row: InvoiceState): Handled =>
  pipe(
    guardedCall(provider.id, () => provider.getInvoice({ id: row.invoice_id ?? '', orderId: row.order_id })),
    TE.mapLeft(providerError(row, 'read')),
    andThenTask((invoice) =>
      pipe(recordRead(storage, mode, row, invoice), TE.mapLeft(ledgerError(row, 'read'))),
    ),
    TE.map((observed): Reconciled => ({
      provider: row.provider,
      orderId: row.order_id,
      invoiceId: row.invoice_id,
      action: 'read',
      result: observed.decision.reason,
      position: observed.position,
    })),
    T.tap((result) => (E.isLeft(result) ? release(storage, row.key) : T.of(undefined))),
  );

const resend = (storage: Storage, mode: LedgerMode, provider: InvoiceProvider, row: InvoiceState): Handled =>
  pipe(
    requestOf(storage, row.key),
    andThenTask((request) => sendIntent(storage, mode, provider, row.key, row.order_id ?? '', request, null)),
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
  row: InvoiceState,
  lookup: TE.TaskEither<InvoiceError, ReadonlyArray<Invoice>>,
): Handled =>
  pipe(
    lookup,
    TE.mapLeft(providerError(row, 'find')),
    andThenTask((found) =>
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

const settle = (
  storage: Storage,
  mode: LedgerMode,
  provider: InvoiceProvider,
  row: InvoiceState,
): Handled => {
  const lookup = invoicesForOrder(provider, row.order_id ?? '');
  return lookup === null ? resend(storage, mode, provider, row) : find(storage, mode, provider, row, lookup);
};

const handle =
  (storage: Storage, mode: LedgerMode, providers: ReadonlyMap<string, InvoiceProvider>) =>
  (row: InvoiceState): Handled => {
    const provider = providers.get(row.provider)!;
    return row.invoice_id === null
      ? pipe(
          settle(storage, mode, provider, row),
          T.tap(() => release(storage, row.key)),
        )
      : read(storage, mode, provider, row);
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

const staleReason = (row: StaleRow, known: ReadonlySet<string>): string => {
  if (!known.has(row.provider)) return `no ${row.provider} provider was given to reconcile()`;
  if (row.invoice_id === null) {
    return row.creation === 'exists'
      ? `${row.provider} has an invoice for this order whose id the ledger has not seen; its next callback resolves it, or recreateInvoice() replaces it`
      : `the create's answer was never recorded and ${row.provider} cannot be asked by order id without risking a second invoice; its next callback resolves it, or recreateInvoice() replaces it`;
  }
  return `${row.provider} cannot be read; only its callbacks move this invoice, and none arrived for ${minutes(new Date(row.since))} min`;
};

const STALE_LIMIT = 1000;
/** Stale rows read by one statement on PGlite: the report's thousand come in pages, each a short statement. */
export const STALE_PAGE = 500;

/** Stale rows one statement reads: a page on PGlite, the whole report on a server. */
const stalePage = (storage: Storage): number => (storage.driver === 'pglite' ? STALE_PAGE : STALE_LIMIT);

/** A row of the stale report: what `StaleInvoice` says of it. */
const StaleRow = t.type({
  key: t.string,
  provider: ProviderId,
  order_id: t.union([t.string, t.null]),
  invoice_id: t.union([t.string, t.null]),
  status: t.union([InvoiceStatus, t.null]),
  creation: Creation,
  since: t.string,
  after: t.string,
});
type StaleRow = t.TypeOf<typeof StaleRow>;

// Per provider, the quietest open rows from an index in that order (invoices_quiet_unidentified for
// every provider, invoices_quiet_identified for providers reconcile cannot read), after a cursor.
const STALE = statement(
  `SELECT key::text AS key, provider, order_id, invoice_id, status, creation,
     to_json(updated_at) #>> '{}' AS since, updated_at::text AS after
   FROM invoicekit_ledger.quiet_invoices($1::text[], $2::text[], $3::float8, $4::timestamptz, $5::bigint, $6::int)`,
);

const FIRST_PAGE = { after: '-infinity', key: '0' };

const stalePages = (
  storage: Storage,
  options: ReconcileOptions,
  timing: ReconcileTiming,
  read: ReadonlyArray<StaleRow> = [],
  from = FIRST_PAGE,
): TE.TaskEither<StorageFailed, ReadonlyArray<StaleRow>> => {
  const wanted = Math.min(stalePage(storage), STALE_LIMIT - read.length);
  return pipe(
    storage.query(STALE, [
      ...readingAndSettling(options.providers),
      timing.staleAfterMs,
      from.after,
      from.key,
      wanted,
    ]),
    andThenEither(decodeRows(StaleRow)),
    andThenTask((rows) => {
      const all = [...read, ...rows];
      const last = rows[rows.length - 1];
      return last === undefined || rows.length < wanted || all.length >= STALE_LIMIT
        ? TE.right(all)
        : stalePages(storage, options, timing, all, { after: last.after, key: last.key });
    }),
  );
};

const staleRows = (storage: Storage, options: ReconcileOptions, timing: ReconcileTiming) =>
  pipe(
    stalePages(storage, options, timing),
    TE.map((rows) => {
      const known = new Set(options.providers.map((p) => p.id));
      return rows.map((row): StaleInvoice => ({
        provider: row.provider,
        orderId: row.order_id,
        invoiceId: row.invoice_id,
        status: row.status,
        creation: row.creation,
        since: new Date(row.since),
        reason: staleReason(row, known),
      }));
    }),
  );

interface Claimed {
  readonly results: ReadonlyArray<E.Either<ReconcileFailure, Reconciled>>;
  readonly keys: ReadonlyArray<string>;
}

/** Claims and works through batches (see `claimBatch`) until `limit` rows were claimed or fewer were due. */
const claimInBatches = (
  storage: Storage,
  options: ReconcileOptions,
  timing: ReconcileTiming,
  limit: number,
  work: (row: InvoiceState) => Handled,
) => {
  const next = (done: Claimed): TE.TaskEither<LedgerError, Claimed> => {
    const size = Math.min(claimBatch(storage, limit), limit - done.keys.length);
    if (size <= 0) return TE.right(done);
    return pipe(
      claim(storage, options, timing, size, done.keys),
      andThenTask((rows) =>
        pipe(
          TE.fromTask(inBatches(options.concurrency ?? 4, work)(rows)),
          andThenTask((results) => {
            const claimed = {
              results: [...done.results, ...results],
              keys: [...done.keys, ...rows.map((row) => row.key)],
            };
            return rows.length < size ? TE.right(claimed) : next(claimed);
          }),
        ),
      ),
    );
  };
  return next({ results: [], keys: [] });
};

/**
 * Reads every open invoice its provider can read and applies what changed; settles a create whose
 * answer was lost by the provider's invoices for the order where it lists them (re-sent only when it
 * lists none), else by re-sending where it refuses duplicate order ids; reports the open invoices
 * nobody can ask about. Claims rows with `FOR UPDATE SKIP LOCKED` and a lease, so several processes can
 * run it at once without asking twice; on PGlite in batches of `CLAIM_BATCH`, the event loop running
 * between its statements. CryptoCloud's merchant/info takes up to 100 ids, but the provider interface
 * reads one invoice per call, so this makes one `getInvoice` call per invoice.
 */
export const reconcileWith =
  (storage: Storage, timing: ReconcileTiming) =>
  (options: ReconcileOptions): TE.TaskEither<LedgerError, ReconcileReport> => {
    const limit = Math.max(1, Math.floor(options.limit ?? 100));
    const providers = new Map(options.providers.map((p) => [p.id as string, p]));
    return pipe(
      claimInBatches(storage, options, timing, limit, handle(storage, timing.mode, providers)),
      andThenTask(({ results, keys }) =>
        pipe(
          staleRows(storage, options, timing),
          TE.map((stale) => ({
            checked: results.flatMap((r) => (E.isRight(r) ? [r.right] : [])),
            failed: results.flatMap((r) => (E.isLeft(r) ? [r.left] : [])),
            stale,
            more: keys.length === limit,
          })),
        ),
      ),
    );
  };
