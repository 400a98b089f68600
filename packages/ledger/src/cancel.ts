import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import {
  describeError,
  type Invoice,
  type InvoiceCancellation,
  type InvoiceError,
  type InvoiceProvider,
  type InvoiceStatus,
  type ProviderId,
} from '@invoicekit/core';
import { andThenTask } from '@invoicekit/core/adapter';
import type { ShopAction } from './action';
import { guardedCall } from './calls';
import { createFailure, invoiceColumns, invoiceObservation } from './create';
import {
  cancelFailed,
  invoiceNotFound,
  orderConflict,
  orderNotFound,
  storageFailed,
  type LedgerError,
  type StorageFailed,
} from './errors';
import type { LedgerFlag } from './flags';
import { invoiceByRef, lockInvoice } from './invoices';
import type { LedgerMode } from './mode';
import { observe, type ModalObservation } from './observe';
import type { CancelOutcome, InvoiceRow, LedgerRef } from './records';
import { isTerminal } from './status';
import type { Sql, Storage } from './storage';
import { storableText } from './text';

/** The result of `cancelInvoice`: the provider's answer, and the feed entry that made the invoice `cancelled`. */
export interface Cancelled {
  readonly provider: ProviderId;
  readonly invoiceId: string | null;
  readonly orderId: string | null;
  /** What the provider answered. */
  readonly cancellation: InvoiceCancellation;
  /** False only when the invoice moved on (paid, say) between the request and the answer. */
  readonly applied: boolean;
  readonly from: InvoiceStatus | null;
  readonly to: InvoiceStatus | null;
  readonly raised: ReadonlyArray<LedgerFlag>;
  readonly reason: string;
  readonly position: number | null;
  /** `release`, or `review` when money was received (or a flag asks for a person); `none` without an entry. */
  readonly action: ShopAction;
}

const conflict = (row: InvoiceRow, reason: string) =>
  TE.left(orderConflict(row.provider, row.order_id ?? '', reason));

const cancellable = (
  provider: ProviderId,
  ref: LedgerRef,
  row: InvoiceRow | null,
): TE.TaskEither<LedgerError, InvoiceRow> => {
  if (row === null)
    return TE.left(
      'orderId' in ref ? orderNotFound(provider, ref.orderId) : invoiceNotFound(provider, ref.invoiceId),
    );
  if (row.status !== null && isTerminal(row.status))
    return conflict(row, `already ${row.status}; nothing to cancel`);
  if (row.creation === 'refused') return conflict(row, `${provider} refused its create; nothing to cancel`);
  return TE.right(row);
};

const markRequested = (tx: Sql, key: string): TE.TaskEither<StorageFailed, void> =>
  pipe(
    tx.query(
      `UPDATE invoicekit_ledger.invoices SET cancel_requested_at = now(), cancel_outcome = NULL,
         cancel_answer = NULL, cancel_answered_at = NULL, updated_at = now()
       WHERE key = $1::bigint`,
      [key],
    ),
    TE.map(() => undefined),
  );

/** Finds and locks the invoice, refuses one that is closed, and records the request before any call. */
const recordRequest = (storage: Storage, provider: ProviderId, ref: LedgerRef) =>
  storage.transaction((tx) =>
    pipe(
      invoiceByRef(tx, provider, ref, true),
      andThenTask((row) => cancellable(provider, ref, row)),
      TE.tap((row) => markRequested(tx, row.key)),
    ),
  );

const markAnswered = (
  tx: Sql,
  key: string,
  outcome: CancelOutcome,
  answer: string,
): TE.TaskEither<StorageFailed, void> =>
  pipe(
    tx.query(
      `UPDATE invoicekit_ledger.invoices SET cancel_outcome = $2::text, cancel_answer = $3::text,
         cancel_answered_at = now(), updated_at = now()
       WHERE key = $1::bigint`,
      [key, outcome, storableText(answer)],
    ),
    TE.map(() => undefined),
  );

/** What an accepted cancel tells the ledger: `cancelled`, whatever the provider's read-back (if any) calls it (the merchant asked). */
export const cancelObservation = (invoice: Invoice | null): ModalObservation =>
  invoice === null
    ? {
        status: 'cancelled',
        providerStatus: 'cancelled on request',
        failureReason: null,
        received: null,
        confirmed: true,
        testMode: null,
      }
    : { ...invoiceObservation(invoice), status: 'cancelled' };

const applyCancellation = (
  tx: Sql,
  mode: LedgerMode,
  row: InvoiceRow,
  cancellation: InvoiceCancellation,
): TE.TaskEither<StorageFailed, Cancelled> =>
  pipe(
    cancellation.invoice === null ? E.right({}) : invoiceColumns(cancellation.invoice),
    TE.fromEither,
    andThenTask((patch) =>
      observe(tx, row, cancelObservation(cancellation.invoice), {
        cause: 'cancel',
        dedupeKey: null,
        patch,
        mode,
      }),
    ),
    TE.map((observed) => ({
      provider: row.provider,
      invoiceId: row.invoice_id,
      orderId: row.order_id,
      cancellation,
      applied: observed.decision.applied,
      from: observed.from,
      to: observed.decision.status,
      raised: observed.decision.raised,
      reason: observed.decision.reason,
      position: observed.position,
      action: observed.action,
    })),
  );

const recordAnswer = (
  storage: Storage,
  mode: LedgerMode,
  key: string,
  answer: E.Either<InvoiceError, InvoiceCancellation>,
) =>
  storage.transaction((tx) =>
    pipe(
      lockInvoice(tx, key),
      andThenTask((row): TE.TaskEither<StorageFailed, E.Either<LedgerError, Cancelled>> =>
        row === null
          ? TE.left(storageFailed(`invoice row ${key} disappeared`))
          : E.isRight(answer)
            ? pipe(
                markAnswered(tx, key, 'cancelled', `cancelled at ${answer.right.provider}`),
                andThenTask(() => applyCancellation(tx, mode, row, answer.right)),
                TE.map(E.right),
              )
            : pipe(
                markAnswered(tx, key, cancelOutcomeOf(answer.left), describeError(answer.left)),
                TE.map(() =>
                  E.left(
                    cancelFailed(
                      row.order_id ?? '',
                      cancelOutcomeOf(answer.left) === 'unresolved',
                      answer.left,
                    ),
                  ),
                ),
              ),
      ),
    ),
  );

/** A failed cancel is `unresolved` when the provider may have acted on it, else `refused`. */
const cancelOutcomeOf = (error: InvoiceError): CancelOutcome =>
  createFailure(error) === 'unresolved' ? 'unresolved' : 'refused';

/** Asks the provider to cancel a row's invoice; without a known invoice id the ref repeats the order id (the CoinsPaid platform cancels by foreign_id). */
export const callCancel = (provider: InvoiceProvider, row: InvoiceRow) =>
  TE.fromTask(
    guardedCall(provider.id, () =>
      provider.cancelInvoice({ id: row.invoice_id ?? row.order_id ?? '', orderId: row.order_id }),
    ),
  );

/**
 * Cancels an open invoice on the merchant's request: records the request, asks the provider, and
 * records its answer. Accepted, the invoice is `cancelled` at once (a feed entry with cause
 * `cancel`); refused or unanswered, nothing else changes and the error is returned as
 * `ProviderFailed`. A closed invoice (paid, expired, cancelled, failed, refunds) is an
 * `OrderConflict` and the provider is not called.
 */
export const cancelWithRecord =
  (storage: Storage, mode: LedgerMode) =>
  (provider: InvoiceProvider, ref: LedgerRef): TE.TaskEither<LedgerError, Cancelled> =>
    pipe(
      recordRequest(storage, provider.id, ref),
      andThenTask((row) =>
        pipe(
          callCancel(provider, row),
          andThenTask((answer) => recordAnswer(storage, mode, row.key, answer)),
          andThenTask(TE.fromEither),
        ),
      ),
    );
