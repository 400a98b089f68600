import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type {
  CreateInvoiceRequest,
  Invoice,
  InvoiceEvent,
  InvoiceProvider,
  ProviderId,
} from '@invoicekit/core';
import { andThenTask } from '@invoicekit/core/adapter';
import { cancelWithRecord, type Cancelled } from './cancel';
import { createWithRecord } from './create';
import { applyDelivery } from './deliveries';
import { invalidInput, type LedgerError } from './errors';
import { toLedgerPromise } from './facade';
import { readEntries } from './feed';
import { invoiceByRef } from './invoices';
import { migrate } from './migrate';
import { LEDGER_MODES, type LedgerMode } from './mode';
import { reconcileWith, type ReconcileOptions, type ReconcileReport } from './reconcile';
import { recreateWithRecord, type Recreated } from './recreate';
import {
  toLedgerInvoice,
  type DeliveryResult,
  type FeedEntry,
  type LedgerInvoice,
  type LedgerRef,
} from './records';
import type { Storage } from './storage';

/** Where the ledger keeps its data, what it records, and how long reconcile waits before acting on quiet invoices. */
export interface LedgerOptions {
  readonly storage: Storage;
  /**
   * `live` (default): test-mode invoices are recorded and flagged `test_mode`, and a test-mode
   * delivery about a live invoice is not applied (`mode_mismatch`). `test`: nothing live is applied
   * (`live_in_test_ledger`).
   */
  readonly mode?: LedgerMode;
  /** How old an unanswered create must be before reconcile re-sends it (default 2 minutes). */
  readonly unresolvedAfterMs?: number;
  /** How long an unreadable open invoice may go without a callback before it is reported stale (default 1 hour). */
  readonly staleAfterMs?: number;
  /** How long after asking about an invoice reconcile asks again (default 1 minute). */
  readonly recheckAfterMs?: number;
  /** How long one reconcile run holds an invoice it is asking about (default 5 minutes). */
  readonly leaseMs?: number;
}

/** A feed read: entries after the position `after` (default 0), at most `limit` (default 100, at most 1000). */
export interface FeedQuery {
  readonly after?: number;
  readonly limit?: number;
}

/** A page of the feed and the cursor to store once it is processed (the last position, or `after`). */
export interface FeedPage {
  readonly entries: ReadonlyArray<FeedEntry>;
  readonly cursor: number;
}

/** Invoices and deliveries kept in PostgreSQL; every operation returns a TaskEither and never throws. */
export interface Ledger {
  readonly storage: Storage;
  /** Whether this ledger applies live payments or a test set-up's. */
  readonly mode: LedgerMode;
  /** Creates an invoice with the order recorded first; an order already created returns its invoice. */
  createInvoice(
    provider: InvoiceProvider,
    request: CreateInvoiceRequest,
  ): TE.TaskEither<LedgerError, Invoice>;
  /** Cancels an unresolved or unpaid order where the provider can, and creates it again as `newOrderId`. */
  recreateInvoice(
    provider: InvoiceProvider,
    orderId: string,
    newOrderId: string,
  ): TE.TaskEither<LedgerError, Recreated>;
  /**
   * Cancels an open invoice at the provider and records the request and the answer: accepted, the
   * invoice is `cancelled` at once (feed cause `cancel`); refused, nothing changes (`ProviderFailed`);
   * already closed, `OrderConflict` without calling the provider.
   */
  cancelInvoice(provider: InvoiceProvider, ref: LedgerRef): TE.TaskEither<LedgerError, Cancelled>;
  /** Records a verified delivery once (by `dedupeKey`) and applies it in the same transaction. */
  apply(event: InvoiceEvent): TE.TaskEither<LedgerError, DeliveryResult>;
  /** `apply` for webhook handlers: rejects with `LedgerFailure` when the delivery was not stored (answer 500 unless its `retryable` is false). */
  onEvent(event: InvoiceEvent): Promise<DeliveryResult>;
  /** What the ledger holds about one invoice, or null. */
  invoice(provider: ProviderId, ref: LedgerRef): TE.TaskEither<LedgerError, LedgerInvoice | null>;
  /** Reads the transition feed after a stored cursor. */
  transitions(query?: FeedQuery): TE.TaskEither<LedgerError, FeedPage>;
  /** Asks providers about open invoices, applies what changed and reports what nobody can ask about. */
  reconcile(options: ReconcileOptions): TE.TaskEither<LedgerError, ReconcileReport>;
  /** Closes the storage (a PGlite instance or pool you passed in stays open). */
  close(): TE.TaskEither<LedgerError, void>;
}

const MAX_PAGE = 1000;

const readQuery = (query: FeedQuery): E.Either<LedgerError, { after: number; limit: number }> => {
  const after = query.after ?? 0;
  const limit = query.limit ?? 100;
  const issues = [
    ...(Number.isSafeInteger(after) && after >= 0
      ? []
      : [{ path: 'after', message: 'must be a feed position (an integer ≥ 0)' }]),
    ...(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE
      ? []
      : [{ path: 'limit', message: `must be an integer from 1 to ${MAX_PAGE}` }]),
  ];
  return issues.length === 0 ? E.right({ after, limit }) : E.left(invalidInput('a feed query', issues));
};

const readMode = (mode: unknown = 'live'): E.Either<LedgerError, LedgerMode> =>
  LEDGER_MODES.includes(mode as LedgerMode)
    ? E.right(mode as LedgerMode)
    : E.left(invalidInput('ledger options', [{ path: 'mode', message: "must be 'live' or 'test'" }]));

const ledgerOn = (options: LedgerOptions, mode: LedgerMode): Ledger => {
  const { storage } = options;
  const create = createWithRecord(storage, mode);
  const apply = applyDelivery(storage, mode);
  return {
    storage,
    mode,
    createInvoice: create,
    recreateInvoice: recreateWithRecord(storage, mode, create),
    cancelInvoice: cancelWithRecord(storage, mode),
    apply,
    onEvent: (event) => toLedgerPromise(apply(event)),
    invoice: (provider, ref) =>
      pipe(
        invoiceByRef(storage, provider, ref, false),
        TE.map((row) => (row === null ? null : toLedgerInvoice(row))),
      ),
    transitions: (query = {}) =>
      pipe(
        TE.fromEither(readQuery(query)),
        andThenTask(({ after, limit }) =>
          pipe(
            readEntries(storage, after, limit),
            TE.map((entries) => ({ entries, cursor: entries[entries.length - 1]?.position ?? after })),
          ),
        ),
      ),
    reconcile: reconcileWith(storage, {
      unresolvedAfterMs: options.unresolvedAfterMs ?? 120_000,
      staleAfterMs: options.staleAfterMs ?? 3_600_000,
      recheckAfterMs: options.recheckAfterMs ?? 60_000,
      leaseMs: options.leaseMs ?? 300_000,
      mode,
    }),
    close: () => storage.close(),
  };
};

/** Opens a ledger: brings its schema up to date (safe from several processes at once), then serves. */
export const openLedger = (options: LedgerOptions): TE.TaskEither<LedgerError, Ledger> =>
  pipe(
    TE.fromEither(readMode(options.mode)),
    andThenTask((mode) =>
      pipe(
        migrate(options.storage),
        TE.map(() => ledgerOn(options, mode)),
      ),
    ),
  );
