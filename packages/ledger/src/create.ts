import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as RA from 'fp-ts/ReadonlyArray';
import type { ReadonlyNonEmptyArray } from 'fp-ts/ReadonlyNonEmptyArray';
import * as T from 'fp-ts/Task';
import * as TE from 'fp-ts/TaskEither';
import {
  describeError,
  Invoice,
  type CreateInvoiceRequest,
  type InvoiceError,
  type InvoiceProvider,
} from '@invoicekit/core';
import {
  andThenTask,
  validateCreateInvoiceRequest,
  type ValidInvoiceRequest,
} from '@invoicekit/core/adapter';
import { guardedCall } from './calls';
import {
  invalidInput,
  orderConflict,
  providerFailed,
  storageFailed,
  type LedgerError,
  type StorageFailed,
} from './errors';
import {
  insertIntent,
  invoiceByOrder,
  lockInvoice,
  mergePatches,
  readState,
  reopenIntent,
  type InvoicePatch,
} from './invoices';
import { jsonText } from './json';
import { invoicesForOrder, raiseSeveral } from './lostCreate';
import type { LedgerMode } from './mode';
import { planObservation, type ModalObservation } from './observe';
import type { InvoiceRow, InvoiceState } from './records';
import type { Sql, Storage } from './storage';
import { storableOrNull, storableText } from './text';
import { untilWritten, write, writeLocked, type Write } from './write';

/** Network codes that mean the request never reached the provider. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);

/** What a failed create says about the order: nothing was created, it exists, or nobody knows. */
export type CreateFailure = 'refused' | 'exists' | 'unresolved';

/** Classifies a create error: only an answer that proves nothing was created leaves the order `refused`. */
export const createFailure = (error: InvoiceError): CreateFailure => {
  switch (error._tag) {
    case 'InvalidRequest':
    case 'Unsupported':
    case 'Unauthorized':
    case 'Rejected':
    case 'RateLimited':
    case 'NotFound':
      return 'refused';
    case 'DuplicateOrder':
      return 'exists';
    case 'ProviderUnavailable':
      return error.status === 503 ? 'refused' : 'unresolved';
    case 'NetworkError':
      return NOT_SENT_CODES.has(error.code) ? 'refused' : 'unresolved';
    case 'Timeout':
    case 'UnexpectedResponse':
      return 'unresolved';
  }
};

/** The columns a provider's invoice fills: its id, the snapshot and the pay-in quote. */
export const invoiceColumns = (invoice: Invoice): E.Either<StorageFailed, InvoicePatch> =>
  pipe(
    jsonText(Invoice.encode(invoice)),
    E.map((snapshot) => ({
      snapshot,
      payment_currency: storableOrNull(invoice.payment?.currency ?? null),
      payment_amount: invoice.payment?.amount ?? null,
    })),
  );

/** The observation a provider's own invoice makes (it comes from the API, so it is confirmed), with what it says was received. */
export const invoiceObservation = (invoice: Invoice): ModalObservation => ({
  status: invoice.status,
  providerStatus: storableText(invoice.providerStatus),
  failureReason: invoice.failureReason,
  received:
    invoice.received === null
      ? null
      : { amount: invoice.received.amount, currency: storableText(invoice.received.currency) },
  confirmed: true,
  testMode: invoice.testMode,
});

/** The write that records a provider's invoice on a row as read (at version `xmin`, or locked when null): applied as a create, or only noted when a delivery already named another invoice. */
const invoiceWrite = (
  mode: LedgerMode,
  row: InvoiceState,
  invoice: Invoice,
  columns: InvoicePatch,
  xmin: string | null,
): Write => {
  if (row.invoice_id !== null && row.invoice_id !== invoice.id) {
    const last_error = `the create answered invoice ${invoice.id}, but a delivery named ${row.invoice_id}`;
    return {
      target: { kind: 'update', key: row.key, xmin, patch: mergePatches(columns, { last_error }) },
      entry: null,
      delivery: null,
    };
  }
  const planned = planObservation(row, invoiceObservation(invoice), {
    cause: 'create',
    dedupeKey: null,
    patch: mergePatches(columns, { invoice_id: invoice.id, creation: 'created', last_error: null }),
    mode,
  });
  return {
    target: { kind: 'update', key: row.key, xmin, patch: planned.patch },
    entry: planned.entry,
    delivery: null,
  };
};

/** The write that records a failed create on a row as read; null when the row is no longer waiting for an answer. */
const failureWrite = (row: InvoiceState, error: InvoiceError): Write | null => {
  const failure = createFailure(error);
  if (row.creation !== 'requested') return null;
  return {
    target: {
      kind: 'update',
      key: row.key,
      xmin: row.xmin,
      patch: { last_error: describeError(error), ...(failure === 'unresolved' ? {} : { creation: failure }) },
    },
    entry: null,
    delivery: null,
  };
};

const recordInvoice = (
  tx: Sql,
  mode: LedgerMode,
  row: InvoiceState,
  invoice: Invoice,
): TE.TaskEither<StorageFailed, Invoice> =>
  pipe(
    TE.fromEither(invoiceColumns(invoice)),
    andThenTask((columns) => writeLocked(tx, row.key, invoiceWrite(mode, row, invoice, columns, null))),
    TE.map(() => invoice),
  );

/** The create's answer as the ledger records it: the provider's invoice with its columns, or the error. */
type Answer = E.Either<InvoiceError, { readonly invoice: Invoice; readonly columns: InvoicePatch }>;

const answerOf = (answer: E.Either<InvoiceError, Invoice>): E.Either<StorageFailed, Answer> =>
  E.isLeft(answer)
    ? E.right(answer)
    : pipe(
        invoiceColumns(answer.right),
        E.map((columns) => E.right({ invoice: answer.right, columns })),
      );

/** Writes the answer on the row as read: true once recorded (or when nothing is left to record), null when the row changed since. */
const recordOn = (
  storage: Storage,
  mode: LedgerMode,
  row: InvoiceState,
  answer: Answer,
): TE.TaskEither<StorageFailed, true | null> => {
  const change = E.isRight(answer)
    ? invoiceWrite(mode, row, answer.right.invoice, answer.right.columns, row.xmin)
    : failureWrite(row, answer.left);
  if (change === null) return TE.right(true);
  return pipe(
    write(storage, change),
    TE.map((written) => (written === null ? null : true)),
  );
};

/**
 * Records the provider's answer to a create on the order's row in one statement, made on the row as
 * the intent wrote it (`known`) or as read, and made again on the row as read after any change
 * meanwhile. A failure is committed too, then returned as `ProviderFailed` saying whether the order
 * stays unresolved.
 */
export const recordAnswer = (
  storage: Storage,
  mode: LedgerMode,
  key: string,
  known: InvoiceState | null,
  orderId: string,
  answer: E.Either<InvoiceError, Invoice>,
): TE.TaskEither<LedgerError, Invoice> =>
  pipe(
    TE.fromEither(answerOf(answer)),
    andThenTask((recorded) =>
      untilWritten(`invoice row ${key}`, (retry) =>
        pipe(
          known !== null && !retry ? TE.right(known) : readState(storage, key),
          andThenTask((row) =>
            row === null
              ? TE.left(storageFailed(`invoice row ${key} disappeared`))
              : recordOn(storage, mode, row, recorded),
          ),
        ),
      ),
    ),
    andThenTask(() =>
      E.isRight(answer)
        ? TE.right(answer.right)
        : TE.left(providerFailed(orderId, createFailure(answer.left) !== 'refused', answer.left)),
    ),
  );

/**
 * Records the newest of the invoices the provider holds for an order as the answer to its lost
 * create, in one transaction (applied as a create); several raise `conflicting_invoice` first.
 */
export const recordFound = (
  storage: Storage,
  mode: LedgerMode,
  key: string,
  found: ReadonlyNonEmptyArray<Invoice>,
): TE.TaskEither<LedgerError, Invoice> =>
  storage.transaction((tx) =>
    pipe(
      lockInvoice(tx, key),
      andThenTask((row) =>
        row === null
          ? TE.left(storageFailed(`invoice row ${key} disappeared`))
          : raiseSeveral(tx, mode, row, found),
      ),
      andThenTask((row) => recordInvoice(tx, mode, row, found[0])),
    ),
  );

/** After a create whose outcome is unknown, the invoices the provider lists for the order (none when it cannot be asked or the asking fails). */
const lookUpUnknown = (
  provider: InvoiceProvider,
  orderId: string,
  answer: E.Either<InvoiceError, Invoice>,
): T.Task<ReadonlyArray<Invoice>> => {
  const find =
    E.isLeft(answer) && createFailure(answer.left) === 'unresolved'
      ? invoicesForOrder(provider, orderId)
      : null;
  return find === null
    ? T.of([])
    : pipe(
        find,
        TE.getOrElse(() => T.of<ReadonlyArray<Invoice>>([])),
      );
};

type Intent =
  | { readonly send: true; readonly key: string; readonly known: InvoiceState | null }
  | { readonly send: false; readonly invoice: Invoice };

const samePrice = (row: InvoiceRow, request: ValidInvoiceRequest): boolean =>
  row.price_amount === request.amount && row.price_currency === request.currency;

const existing = (
  tx: Sql,
  row: InvoiceRow,
  request: ValidInvoiceRequest,
  json: string,
): TE.TaskEither<LedgerError, Intent> => {
  const conflict = (reason: string) => TE.left(orderConflict(row.provider, request.orderId, reason));
  if (!samePrice(row, request)) {
    return conflict(
      `already recorded with the price ${row.price_amount} ${row.price_currency}, not ${request.amount} ${request.currency}`,
    );
  }
  if (row.replaced_by !== null) return conflict(`replaced by order ${JSON.stringify(row.replaced_by)}`);
  switch (row.creation) {
    case 'created':
      return pipe(
        Invoice.decode(row.snapshot),
        E.mapLeft(() => storageFailed(`the recorded invoice of order ${request.orderId} cannot be read`)),
        E.map((invoice): Intent => ({ send: false, invoice })),
        TE.fromEither,
      );
    case 'refused':
      return pipe(
        reopenIntent(tx, row.key, json),
        TE.map((): Intent => ({ send: true, key: row.key, known: null })),
      );
    case 'delivered':
      return conflict(
        `known only from deliveries (invoice ${row.invoice_id}); no create answer was recorded`,
      );
    case 'exists':
      return conflict(
        'the provider already has an invoice for it whose id the ledger has not seen; its next callback resolves it, or recreateInvoice() replaces it',
      );
    case 'requested':
      return conflict(
        'an earlier create has no recorded answer (in flight, timed out or crashed); reconcile() resolves it, or recreateInvoice() replaces it',
      );
  }
};

/** Records the order intent in one statement; an order recorded before is checked, and re-opened when refused, under its row lock. */
const writeIntent = (storage: Storage, provider: InvoiceProvider, request: ValidInvoiceRequest) =>
  pipe(
    TE.fromEither(jsonText(request)),
    andThenTask((json) =>
      pipe(
        insertIntent(
          storage,
          provider.id,
          request.orderId,
          { amount: request.amount, currency: request.currency },
          json,
        ),
        andThenTask((known): TE.TaskEither<LedgerError, Intent> =>
          known !== null
            ? TE.right({ send: true, key: known.key, known })
            : storage.transaction((tx) =>
                pipe(
                  invoiceByOrder(tx, provider.id, request.orderId, true),
                  andThenTask((row) =>
                    row === null
                      ? TE.left(storageFailed(`order ${request.orderId} is neither new nor recorded`))
                      : existing(tx, row, request, json),
                  ),
                ),
              ),
        ),
      ),
    ),
  );

const validate = (provider: InvoiceProvider, input: unknown): E.Either<LedgerError, ValidInvoiceRequest> =>
  pipe(
    validateCreateInvoiceRequest(provider.id, input, provider.capabilities.amountFractionDigits.max),
    E.mapLeft((error) => invalidInput('a CreateInvoiceRequest', error.issues)),
  );

/**
 * Sends a recorded intent's request to the provider and records the answer; when the outcome is
 * unknown and the provider lists invoices by order id, the invoice it made is recorded instead.
 */
export const sendIntent = (
  storage: Storage,
  mode: LedgerMode,
  provider: InvoiceProvider,
  key: string,
  orderId: string,
  request: unknown,
  known: InvoiceState | null,
): TE.TaskEither<LedgerError, Invoice> =>
  pipe(
    TE.fromTask(guardedCall(provider.id, () => provider.createInvoice(request as CreateInvoiceRequest))),
    andThenTask((answer) =>
      pipe(
        TE.fromTask(lookUpUnknown(provider, orderId, answer)),
        andThenTask((found) =>
          RA.isNonEmpty(found)
            ? recordFound(storage, mode, key, found)
            : recordAnswer(storage, mode, key, known, orderId, answer),
        ),
      ),
    ),
  );

/**
 * Creates an invoice with a record: the order intent (provider, order id, price) is committed
 * before the provider call and the invoice after it, so a timeout or crash in between leaves an
 * unresolved row. Creating an order already created returns the recorded invoice without a call.
 */
export const createWithRecord =
  (storage: Storage, mode: LedgerMode) =>
  (provider: InvoiceProvider, input: unknown): TE.TaskEither<LedgerError, Invoice> =>
    pipe(
      TE.fromEither(validate(provider, input)),
      andThenTask((request) =>
        pipe(
          writeIntent(storage, provider, request),
          andThenTask((intent) =>
            intent.send
              ? sendIntent(storage, mode, provider, intent.key, request.orderId, request, intent.known)
              : TE.right(intent.invoice),
          ),
        ),
      ),
    );
