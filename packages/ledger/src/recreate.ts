import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as RA from 'fp-ts/ReadonlyArray';
import * as TE from 'fp-ts/TaskEither';
import {
  describeError,
  type Invoice,
  type InvoiceCancellation,
  type InvoiceError,
  type InvoiceProvider,
} from '@invoicekit/core';
import { andThenTask } from '@invoicekit/core/adapter';
import { callCancel, cancelObservation } from './cancel';
import { recordFound } from './create';
import { orderConflict, orderNotFound, providerFailed, type LedgerError } from './errors';
import { invoiceByOrder, lockInvoice } from './invoices';
import { invoicesForOrder } from './lostCreate';
import type { LedgerMode } from './mode';
import { observe } from './observe';
import { writeLocked } from './write';
import type { InvoiceRow } from './records';
import { isSettled, isTerminal } from './status';
import type { Storage } from './storage';

/** The result of `recreateInvoice`: whether the old invoice was cancelled (and why not), and the new one. */
export interface Recreated {
  readonly cancelled: boolean;
  readonly note: string;
  readonly invoice: Invoice;
}

interface Cancel {
  readonly cancelled: boolean;
  readonly note: string;
  readonly invoice: Invoice | null;
}

/** Cancellation errors after which nothing is cancelled and re-creating is still safe. */
const NOTHING_TO_CANCEL: ReadonlySet<InvoiceError['_tag']> = new Set([
  'NotFound',
  'InvalidRequest',
  'Unsupported',
]);

const usable =
  (provider: InvoiceProvider, orderId: string) =>
  (row: InvoiceRow | null): TE.TaskEither<LedgerError, InvoiceRow> => {
    const conflict = (reason: string) => TE.left(orderConflict(provider.id, orderId, reason));
    if (row === null) return TE.left(orderNotFound(provider.id, orderId));
    if (row.replaced_by !== null)
      return conflict(`already replaced by order ${JSON.stringify(row.replaced_by)}`);
    if (row.status !== null && isSettled(row.status))
      return conflict(`already ${row.status}; nothing to re-create`);
    if (row.request === null)
      return conflict('no create request is recorded for it (it was first seen through a delivery)');
    return TE.right(row);
  };

/**
 * Where the order's create answer was lost and the provider lists invoices by order id, records the
 * invoice it made (so that one is cancelled) and checks the order again; otherwise the row as it is.
 */
const resolveLost = (
  storage: Storage,
  mode: LedgerMode,
  provider: InvoiceProvider,
  row: InvoiceRow,
  orderId: string,
): TE.TaskEither<LedgerError, InvoiceRow> => {
  const lookup =
    row.invoice_id === null && row.creation === 'requested' ? invoicesForOrder(provider, orderId) : null;
  if (lookup === null) return TE.right(row);
  return pipe(
    TE.fromTask(lookup),
    andThenTask((found) =>
      E.isRight(found) && RA.isNonEmpty(found.right)
        ? pipe(
            recordFound(storage, mode, row.key, found.right),
            andThenTask(() => invoiceByOrder(storage, provider.id, orderId, false)),
            andThenTask(usable(provider, orderId)),
          )
        : TE.right(row),
    ),
  );
};

const cancelOld = (
  provider: InvoiceProvider,
  row: InvoiceRow,
  orderId: string,
): TE.TaskEither<LedgerError, Cancel> => {
  if (row.status !== null && isTerminal(row.status)) {
    return TE.right({ cancelled: false, note: `not cancelled: already ${row.status}`, invoice: null });
  }
  if (!provider.capabilities.operations.cancelInvoice) {
    return TE.right({
      cancelled: false,
      note: `not cancelled: ${provider.id} cannot cancel invoices`,
      invoice: null,
    });
  }
  return pipe(
    callCancel(provider, row),
    andThenTask((answer) =>
      answer._tag === 'Right'
        ? TE.right<LedgerError, Cancel>(cancelledBy(answer.right))
        : NOTHING_TO_CANCEL.has(answer.left._tag)
          ? TE.right<LedgerError, Cancel>({
              cancelled: false,
              note: `not cancelled: ${describeError(answer.left)}`,
              invoice: null,
            })
          : TE.left<LedgerError, Cancel>(providerFailed(orderId, true, answer.left)),
    ),
  );
};

const cancelledBy = (cancellation: InvoiceCancellation): Cancel => ({
  cancelled: true,
  note: `cancelled at ${cancellation.provider}`,
  invoice: cancellation.invoice,
});

const markReplaced = (
  storage: Storage,
  mode: LedgerMode,
  row: InvoiceRow,
  newOrderId: string,
  cancel: Cancel,
) =>
  storage.transaction((tx) =>
    pipe(
      lockInvoice(tx, row.key),
      andThenTask((locked): TE.TaskEither<LedgerError, void> => {
        if (locked === null || locked.replaced_by !== null) {
          return TE.left(
            orderConflict(row.provider, row.order_id ?? '', 'replaced meanwhile by another call'),
          );
        }
        if (!cancel.cancelled) {
          return pipe(
            writeLocked(tx, locked.key, {
              target: { kind: 'update', key: locked.key, xmin: null, patch: { replaced_by: newOrderId } },
              entry: null,
              delivery: null,
            }),
            TE.map(() => undefined),
          );
        }
        return pipe(
          observe(tx, locked, cancelObservation(cancel.invoice), {
            cause: 'recreate',
            dedupeKey: null,
            patch: { replaced_by: newOrderId },
            mode,
          }),
          TE.map(() => undefined),
        );
      }),
    ),
  );

/**
 * On the merchant's request, replaces an order that is unresolved or unpaid: resolves a lost create
 * by order id where the provider lists invoices so, cancels it at the provider where the provider
 * can cancel, marks it replaced, and creates the same request again under `newOrderId`. A payment
 * that still lands on the old invoice is applied and flagged.
 */
export const recreateWithRecord =
  (
    storage: Storage,
    mode: LedgerMode,
    create: (provider: InvoiceProvider, input: unknown) => TE.TaskEither<LedgerError, Invoice>,
  ) =>
  (provider: InvoiceProvider, orderId: string, newOrderId: string): TE.TaskEither<LedgerError, Recreated> =>
    pipe(
      invoiceByOrder(storage, provider.id, orderId, false),
      andThenTask(usable(provider, orderId)),
      andThenTask((row) => resolveLost(storage, mode, provider, row, orderId)),
      andThenTask((row) =>
        pipe(
          cancelOld(provider, row, orderId),
          TE.tap((cancel) => markReplaced(storage, mode, row, newOrderId, cancel)),
          andThenTask((cancel) =>
            pipe(
              create(provider, { ...(row.request as object), orderId: newOrderId }),
              TE.map((invoice): Recreated => ({ cancelled: cancel.cancelled, note: cancel.note, invoice })),
            ),
          ),
        ),
      ),
    );
