import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type {
  CreateInvoiceRequest,
  Invoice,
  InvoiceEvent,
  InvoiceProvider,
  ProviderId,
} from '@invoicekit/core';
import type { Cancelled } from './cancel';
import { LedgerFailure, type LedgerError } from './errors';
import type { FeedPage, FeedQuery, Ledger } from './ledger';
import type { LedgerMode } from './mode';
import type { ReconcileOptions, ReconcileReport } from './reconcile';
import type { DeliveryResult, LedgerInvoice, LedgerRef } from './records';
import type { Recreated } from './recreate';
import type { Storage } from './storage';

/** Runs a ledger TaskEither: resolves with its value or rejects with a `LedgerFailure`. */
export const toLedgerPromise = async <A>(task: TaskEither<LedgerError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new LedgerFailure(result.left);
  return result.right;
};

/** A `Ledger` with Promise methods, for callers who do not use fp-ts; each rejects with `LedgerFailure` (its `error` is the `LedgerError`). */
export interface PromiseLedger {
  /** The wrapped ledger's storage. */
  readonly storage: Storage;
  /** The wrapped ledger's mode. */
  readonly mode: LedgerMode;
  /** `createInvoice`, resolving with the invoice. */
  createInvoice(provider: InvoiceProvider, request: CreateInvoiceRequest): Promise<Invoice>;
  /** `recreateInvoice`, resolving with what was cancelled and the new invoice. */
  recreateInvoice(provider: InvoiceProvider, orderId: string, newOrderId: string): Promise<Recreated>;
  /** `cancelInvoice`, resolving with the provider's answer and the feed entry it made. */
  cancelInvoice(provider: InvoiceProvider, ref: LedgerRef): Promise<Cancelled>;
  /** `apply`, resolving with the delivery's result. */
  apply(event: InvoiceEvent): Promise<DeliveryResult>;
  /** The same as `apply`, under the name webhook handlers take. */
  onEvent(event: InvoiceEvent): Promise<DeliveryResult>;
  /** `invoice`, resolving with what the ledger holds, or null. */
  invoice(provider: ProviderId, ref: LedgerRef): Promise<LedgerInvoice | null>;
  /** `transitions`, resolving with a page of the feed. */
  transitions(query?: FeedQuery): Promise<FeedPage>;
  /** `reconcile`, resolving with its report. */
  reconcile(options: ReconcileOptions): Promise<ReconcileReport>;
  /** `close`. */
  close(): Promise<void>;
}

/** Wraps a ledger so each operation returns a Promise that rejects with `LedgerFailure`. */
export const withPromises = (ledger: Ledger): PromiseLedger => ({
  storage: ledger.storage,
  mode: ledger.mode,
  createInvoice: (provider, request) => toLedgerPromise(ledger.createInvoice(provider, request)),
  recreateInvoice: (provider, orderId, newOrderId) =>
    toLedgerPromise(ledger.recreateInvoice(provider, orderId, newOrderId)),
  cancelInvoice: (provider, ref) => toLedgerPromise(ledger.cancelInvoice(provider, ref)),
  apply: (event) => toLedgerPromise(ledger.apply(event)),
  onEvent: (event) => toLedgerPromise(ledger.apply(event)),
  invoice: (provider, ref) => toLedgerPromise(ledger.invoice(provider, ref)),
  transitions: (query) => toLedgerPromise(ledger.transitions(query)),
  reconcile: (options) => toLedgerPromise(ledger.reconcile(options)),
  close: () => toLedgerPromise(ledger.close()),
});
