import { pipe } from 'fp-ts/function';
import type { ReadonlyNonEmptyArray } from 'fp-ts/ReadonlyNonEmptyArray';
import * as TE from 'fp-ts/TaskEither';
import type { Invoice, InvoiceError, InvoiceProvider } from '@invoicekit/core';
import { guardedCall } from './calls';
import type { StorageFailed } from './errors';
import { judgeMode, type LedgerMode } from './mode';
import { flagRow, raisedWith } from './observe';
import type { InvoiceState } from './records';
import type { Sql } from './storage';

/** True when the provider can list an order's invoices, so a create whose answer was lost can be looked up. */
export const findsByOrder = (provider: InvoiceProvider): boolean =>
  provider.findInvoicesByOrderId !== undefined;

/**
 * The provider's invoices for `orderId`, newest first (only exact order id matches kept), or null
 * where the provider cannot list invoices by order id.
 */
export const invoicesForOrder = (
  provider: InvoiceProvider,
  orderId: string,
): TE.TaskEither<InvoiceError, ReadonlyArray<Invoice>> | null => {
  const find = provider.findInvoicesByOrderId;
  if (find === undefined) return null;
  return pipe(
    guardedCall(provider.id, () => find.call(provider, orderId)),
    TE.map((invoices) => invoices.filter((invoice) => invoice.orderId === orderId)),
  );
};

/**
 * Raises `conflicting_invoice` on a locked row (one feed entry, nothing applied) when the provider
 * holds several invoices for its order; returns the row with its flags as they now are.
 */
export const raiseSeveral = <R extends InvoiceState>(
  tx: Sql,
  mode: LedgerMode,
  row: R,
  found: ReadonlyNonEmptyArray<Invoice>,
): TE.TaskEither<StorageFailed, R> => {
  const [newest, ...others] = found;
  const { testMode } = judgeMode(mode, row.test_mode, newest.testMode);
  const raised = others.length === 0 ? [] : raisedWith(row.flags, testMode, ['conflicting_invoice']);
  if (raised.length === 0) return TE.right(row);
  return pipe(
    flagRow(tx, mode, row, {
      invoiceId: newest.id,
      testMode,
      raised,
      reason: `${row.provider} holds ${found.length} invoices for order ${row.order_id}: the newest, ${newest.id}, is recorded; check that ${others.map((o) => o.id).join(', ')} took no payment`,
      cause: 'create',
      dedupeKey: null,
      received: null,
    }),
    TE.map(() => ({ ...row, flags: [...row.flags, ...raised] })),
  );
};
