/** `@invoicekit/ledger`: invoices and webhook deliveries in PostgreSQL (PGlite or a server), applied once, never backwards, published on a feed. */
export { openLedger, type Ledger, type LedgerOptions, type FeedQuery, type FeedPage } from './ledger';
export type { LedgerMode } from './mode';
export { withPromises, toLedgerPromise, type PromiseLedger } from './facade';
export { ShopAction, shopAction, isReviewFlag, type ActionBasis } from './action';
export type { Cancelled } from './cancel';
export { pglite } from './pglite';
export { LOCK_FILE } from './dirLock';
export { postgres, POSTGRES_TIMEOUTS, MIGRATION_TIMEOUT_MS } from './postgres';
export type { Storage, Sql, Statement } from './storage';
export {
  describeLedgerError,
  isRetryableLedgerError,
  LedgerFailure,
  type LedgerError,
  type StorageFailed,
  type MigrationFailed,
  type ProviderFailed,
  type OrderConflict,
  type OrderNotFound,
  type InvalidInput,
} from './errors';
export { LedgerFlag } from './flags';
export {
  Creation,
  Cause,
  CancelOutcome,
  type CancelRecord,
  type LedgerRef,
  type LedgerInvoice,
  type FeedEntry,
  type DeliveryOutcome,
  type DeliveryResult,
} from './records';
export { decide, type Observation, type Current, type Decision } from './decide';
export { checkAmount, type Expected, type AmountCheck } from './amounts';
export { STATUS_RANK, isTerminal } from './status';
export { createFailure, type CreateFailure } from './create';
export type { Recreated } from './recreate';
export type {
  ReconcileOptions,
  ReconcileReport,
  Reconciled,
  ReconcileFailure,
  StaleInvoice,
} from './reconcile';
export { migrate, readMigrations, MIGRATIONS_DIR, MIGRATION_LOCK_KEY, type Migration } from './migrate';
