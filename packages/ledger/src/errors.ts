import { describeError, type InvoiceError, type Issue, type ProviderId } from '@invoicekit/core';

/** The database refused or failed a statement, or could not be reached. */
export interface StorageFailed {
  readonly _tag: 'StorageFailed';
  readonly message: string;
  readonly code: string | null;
}
/** The ledger's schema could not be brought to this version. */
export interface MigrationFailed {
  readonly _tag: 'MigrationFailed';
  readonly message: string;
  readonly version: number | null;
}
/** The provider call failed; `unresolved` says whether the order may exist at the provider regardless. */
export interface ProviderFailed {
  readonly _tag: 'ProviderFailed';
  readonly message: string;
  readonly provider: ProviderId;
  readonly orderId: string;
  readonly unresolved: boolean;
  readonly error: InvoiceError;
}
/** The order is already recorded in a way that forbids this call (another price, unresolved, replaced). */
export interface OrderConflict {
  readonly _tag: 'OrderConflict';
  readonly message: string;
  readonly provider: ProviderId;
  readonly orderId: string;
}
/** The ledger holds no invoice for this order (`orderId` is empty when it was asked for by invoice id). */
export interface OrderNotFound {
  readonly _tag: 'OrderNotFound';
  readonly message: string;
  readonly provider: ProviderId;
  readonly orderId: string;
}
/** What was handed to the ledger is not what it takes (an `InvoiceEvent`, a feed cursor). */
export interface InvalidInput {
  readonly _tag: 'InvalidInput';
  readonly message: string;
  readonly issues: ReadonlyArray<Issue>;
}

/** Everything a ledger operation can fail with. */
export type LedgerError =
  StorageFailed | MigrationFailed | ProviderFailed | OrderConflict | OrderNotFound | InvalidInput;

const textOf = (cause: unknown): string => {
  if (typeof cause === 'object' && cause !== null && 'message' in cause) return String(cause.message);
  return String(cause);
};

const codeOf = (cause: unknown): string | null =>
  typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string'
    ? cause.code
    : null;

const isStorageFailed = (cause: unknown): cause is StorageFailed =>
  typeof cause === 'object' &&
  cause !== null &&
  (cause as { _tag?: unknown })._tag === 'StorageFailed' &&
  typeof (cause as { message?: unknown }).message === 'string';

/** Builds a `StorageFailed` from whatever a driver threw (its SQLSTATE `code` kept when it has one); a `StorageFailed` passes as it is. */
export const storageFailed = (cause: unknown): StorageFailed => {
  if (isStorageFailed(cause)) return cause;
  const code = codeOf(cause);
  return {
    _tag: 'StorageFailed',
    message: `The ledger's database failed: ${textOf(cause)}${code === null ? '' : ` (${code})`}`,
    code,
  };
};

/** Builds a `MigrationFailed`. */
export const migrationFailed = (version: number | null, reason: string): MigrationFailed => ({
  _tag: 'MigrationFailed',
  message: `Ledger migration${version === null ? '' : ` ${version}`} failed: ${reason}`,
  version,
});

const failedAt = (
  orderId: string,
  unresolved: boolean,
  error: InvoiceError,
  risk: string,
): ProviderFailed => ({
  _tag: 'ProviderFailed',
  message: `${describeError(error)}${unresolved ? `; ${risk}` : ''}`,
  provider: error.provider,
  orderId,
  unresolved,
  error,
});

/** Builds a `ProviderFailed` around the provider's error. */
export const providerFailed = (orderId: string, unresolved: boolean, error: InvoiceError): ProviderFailed =>
  failedAt(
    orderId,
    unresolved,
    error,
    `the invoice for order ${JSON.stringify(orderId)} may exist at ${error.provider}, so the ledger keeps it unresolved`,
  );

/** Builds a `ProviderFailed` for a cancel the provider did not confirm; `unresolved` when it may have happened regardless. */
export const cancelFailed = (orderId: string, unresolved: boolean, error: InvoiceError): ProviderFailed =>
  failedAt(
    orderId,
    unresolved,
    error,
    `the cancel may have reached ${error.provider}, so the ledger leaves the invoice as it was until a callback or reconcile() tells`,
  );

/** Builds an `OrderConflict`. */
export const orderConflict = (provider: ProviderId, orderId: string, reason: string): OrderConflict => ({
  _tag: 'OrderConflict',
  message: `Order ${JSON.stringify(orderId)} at ${provider}: ${reason}`,
  provider,
  orderId,
});

/** Builds an `OrderNotFound`. */
export const orderNotFound = (provider: ProviderId, orderId: string): OrderNotFound => ({
  _tag: 'OrderNotFound',
  message: `The ledger has no invoice for order ${JSON.stringify(orderId)} at ${provider}`,
  provider,
  orderId,
});

/** Builds an `OrderNotFound` for an invoice asked for by the provider's invoice id. */
export const invoiceNotFound = (provider: ProviderId, invoiceId: string): OrderNotFound => ({
  _tag: 'OrderNotFound',
  message: `The ledger has no invoice ${JSON.stringify(invoiceId)} at ${provider}`,
  provider,
  orderId: '',
});

/** Builds an `InvalidInput`; `what` names what was expected. */
export const invalidInput = (what: string, issues: ReadonlyArray<Issue>): InvalidInput => ({
  _tag: 'InvalidInput',
  message: `Not ${what}: ${issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ')}`,
  issues,
});

/** One-line human description of a ledger error. */
export const describeLedgerError = (e: LedgerError): string => `${e._tag}: ${e.message}`;

/**
 * False when the same call can only fail the same way again (`InvalidInput`: an event the ledger
 * cannot take, such as one whose ids hold a NUL character); true when a later try may succeed.
 */
export const isRetryableLedgerError = (e: LedgerError): boolean => e._tag !== 'InvalidInput';

/**
 * What `Ledger.onEvent` rejects with: the delivery was not stored. `retryable` true: answer so the
 * provider retries (500). `retryable` false: a retry fails the same way, so answer so it stops.
 */
export class LedgerFailure extends Error {
  override readonly name = 'LedgerFailure';
  readonly error: LedgerError;
  readonly retryable: boolean;

  constructor(error: LedgerError) {
    super(describeLedgerError(error));
    this.error = error;
    this.retryable = isRetryableLedgerError(error);
  }
}
