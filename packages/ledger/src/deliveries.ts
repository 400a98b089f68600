import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { InvoiceEvent } from '@invoicekit/core';
import { reportIssues } from '@invoicekit/core/adapter';
import type { ShopAction } from './action';
import { invalidInput, storageFailed, type LedgerError, type StorageFailed } from './errors';
import { insertDelivered, lockForDelivery, type InvoicePatch } from './invoices';
import { jsonText } from './json';
import type { LedgerMode } from './mode';
import { flagRow, modeOf, observe, raisedWith } from './observe';
import { decodeRows, DeliveryOutcome, type DeliveryResult, type InvoiceRow } from './records';
import type { Sql, Storage } from './storage';
import { nulIssues, storableText } from './text';

const decodeEvent = (input: unknown): E.Either<LedgerError, InvoiceEvent> =>
  pipe(
    InvoiceEvent.decode(input),
    E.mapLeft((errors) => invalidInput('an InvoiceEvent', reportIssues(errors))),
  );

/**
 * The event as the ledger can store it: refused when a value that identifies it holds a NUL
 * character (the same event would fail the same way on every retry); its provider status, which
 * only describes, is kept with the character replaced.
 */
const storableEvent = (event: InvoiceEvent): E.Either<LedgerError, InvoiceEvent> => {
  const issues = nulIssues({
    provider: event.provider,
    invoiceId: event.invoiceId,
    orderId: event.orderId,
    dedupeKey: event.dedupeKey,
    'received.currency': event.received?.currency ?? null,
  });
  return issues.length > 0
    ? E.left(invalidInput('an InvoiceEvent the ledger can store', issues))
    : E.right({ ...event, providerStatus: storableText(event.providerStatus) });
};

const insertDelivery = (
  tx: Sql,
  event: InvoiceEvent,
  eventJson: string,
): TE.TaskEither<StorageFailed, boolean> =>
  pipe(
    tx.query(
      `INSERT INTO invoicekit_ledger.deliveries (provider, dedupe_key, invoice_id, order_id, status, confirmed, test_mode, event)
       VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::boolean, $7::boolean, $8::text::jsonb)
       ON CONFLICT (provider, dedupe_key) DO NOTHING
       RETURNING true AS fresh`,
      [
        event.provider,
        event.dedupeKey,
        event.invoiceId,
        event.orderId,
        event.status,
        event.confirmed,
        event.testMode,
        eventJson,
      ],
    ),
    TE.map((rows) => rows.length > 0),
  );

interface Recorded {
  readonly outcome: DeliveryOutcome;
  readonly testMode: boolean;
  readonly action: ShopAction;
}

const firstOutcome = (tx: Sql, event: InvoiceEvent): TE.TaskEither<StorageFailed, Recorded> =>
  pipe(
    tx.query<{ outcome: unknown; test_mode: boolean }>(
      'SELECT outcome, test_mode FROM invoicekit_ledger.deliveries WHERE provider = $1::text AND dedupe_key = $2::text',
      [event.provider, event.dedupeKey],
    ),
    TE.flatMapEither((rows) =>
      pipe(
        decodeRows(DeliveryOutcome)(rows.map((row) => row.outcome)),
        E.map((outcomes) =>
          outcomes.map((outcome, i): Recorded => ({ outcome, testMode: rows[i]!.test_mode, action: 'none' })),
        ),
      ),
    ),
    TE.flatMapEither((recorded) =>
      E.fromNullable(storageFailed(`delivery ${event.dedupeKey} has no recorded outcome`))(recorded[0]),
    ),
  );

const saveOutcome = (
  tx: Sql,
  event: InvoiceEvent,
  invoiceKey: string | null,
  outcome: DeliveryOutcome,
): TE.TaskEither<StorageFailed, void> =>
  pipe(
    TE.fromEither(jsonText(outcome)),
    TE.flatMap((json) =>
      tx.query(
        `UPDATE invoicekit_ledger.deliveries SET outcome = $3::text::jsonb, invoice_key = $4::bigint
         WHERE provider = $1::text AND dedupe_key = $2::text`,
        [event.provider, event.dedupeKey, json, invoiceKey],
      ),
    ),
    TE.map(() => undefined),
  );

const pick = (rows: ReadonlyArray<InvoiceRow>, invoiceId: string): InvoiceRow | null =>
  rows.find((row) => row.invoice_id === invoiceId) ?? rows[0] ?? null;

/** Unconfirmed deliveries are matched by invoice id only: their order id is an unsigned field. */
const lockRows = (tx: Sql, event: InvoiceEvent) =>
  lockForDelivery(tx, event.provider, event.invoiceId, event.confirmed ? event.orderId : null);

const rowFor = (tx: Sql, event: InvoiceEvent): TE.TaskEither<StorageFailed, InvoiceRow | null> =>
  pipe(
    lockRows(tx, event),
    TE.flatMap((rows) => {
      const found = pick(rows, event.invoiceId);
      return found !== null || !event.confirmed
        ? TE.right(found)
        : pipe(
            insertDelivered(tx, event.provider, event.invoiceId, event.orderId, event.testMode),
            TE.flatMap(() => lockRows(tx, event)),
            TE.map((again) => pick(again, event.invoiceId)),
          );
    }),
  );

const unmatched = (event: InvoiceEvent): DeliveryOutcome => ({
  invoiceId: event.invoiceId,
  orderId: event.orderId,
  applied: false,
  from: null,
  to: null,
  raised: [],
  reason: event.confirmed
    ? `${event.status} not applied: no invoice ${event.invoiceId} could be matched or recorded`
    : `${event.status} not applied: the delivery was not confirmed with the provider (its unsigned fields were taken as sent) and the ledger holds no invoice ${event.invoiceId}`,
  position: null,
});

/** A delivery's outcome and the action of the entry it appended. */
interface Applied {
  readonly outcome: DeliveryOutcome;
  readonly action: ShopAction;
}

const conflicting = (
  tx: Sql,
  mode: LedgerMode,
  row: InvoiceRow,
  event: InvoiceEvent,
): TE.TaskEither<StorageFailed, Applied> => {
  const { testMode } = modeOf(mode, row, event);
  const raised = raisedWith(row.flags, testMode, ['conflicting_invoice']);
  const reason = `not applied: the ledger holds invoice ${row.invoice_id} for order ${row.order_id}, but this delivery names invoice ${event.invoiceId}`;
  const record: TE.TaskEither<StorageFailed, { position: number | null; action: ShopAction }> =
    raised.length === 0
      ? TE.right({ position: null, action: 'none' })
      : flagRow(tx, mode, row, {
          invoiceId: row.invoice_id,
          testMode,
          raised,
          reason,
          cause: 'delivery',
          dedupeKey: event.dedupeKey,
          received: event.received,
        });
  return pipe(
    record,
    TE.map(({ position, action }) => ({
      outcome: {
        invoiceId: row.invoice_id,
        orderId: row.order_id,
        applied: false,
        from: row.status,
        to: row.status,
        raised,
        reason,
        position,
      },
      action,
    })),
  );
};

const resolution = (row: InvoiceRow, event: InvoiceEvent): InvoicePatch =>
  row.invoice_id !== null
    ? {}
    : {
        invoice_id: event.invoiceId,
        ...(row.creation === 'created' ? {} : { creation: 'delivered' as const }),
      };

const applyTo = (
  tx: Sql,
  mode: LedgerMode,
  row: InvoiceRow,
  event: InvoiceEvent,
): TE.TaskEither<StorageFailed, Applied> => {
  if (row.invoice_id !== null && row.invoice_id !== event.invoiceId) return conflicting(tx, mode, row, event);
  const patch = resolution(row, event);
  return pipe(
    observe(tx, row, event, { cause: 'delivery', dedupeKey: event.dedupeKey, patch, mode }),
    TE.map((observed) => ({
      outcome: {
        invoiceId: patch.invoice_id ?? row.invoice_id,
        orderId: row.order_id,
        applied: observed.decision.applied,
        from: observed.from,
        to: observed.decision.status,
        raised: [...observed.decision.raised],
        reason: observed.decision.reason,
        position: observed.position,
      },
      action: observed.action,
    })),
  );
};

const firstDelivery = (
  tx: Sql,
  mode: LedgerMode,
  event: InvoiceEvent,
): TE.TaskEither<StorageFailed, Recorded> =>
  pipe(
    rowFor(tx, event),
    TE.flatMap((row) =>
      pipe(
        row === null
          ? TE.right<StorageFailed, Applied>({ outcome: unmatched(event), action: 'none' })
          : applyTo(tx, mode, row, event),
        TE.tap(({ outcome }) => saveOutcome(tx, event, row?.key ?? null, outcome)),
      ),
    ),
    TE.map(({ outcome, action }): Recorded => ({ outcome, testMode: event.testMode, action })),
  );

const deliver =
  (mode: LedgerMode, event: InvoiceEvent, eventJson: string) =>
  (tx: Sql): TE.TaskEither<StorageFailed, DeliveryResult> =>
    pipe(
      insertDelivery(tx, event, eventJson),
      TE.flatMap((fresh) =>
        pipe(
          fresh ? firstDelivery(tx, mode, event) : firstOutcome(tx, event),
          TE.map(({ outcome, testMode, action }) => ({
            ...outcome,
            provider: event.provider,
            dedupeKey: event.dedupeKey,
            duplicate: !fresh,
            testMode,
            action,
          })),
        ),
      ),
    );

/**
 * Records a verified delivery by its `dedupeKey` and applies it in the same transaction; a repeat
 * returns the first outcome (`duplicate: true`, action `none`) and changes nothing.
 */
export const applyDelivery =
  (storage: Storage, mode: LedgerMode) =>
  (input: InvoiceEvent): TE.TaskEither<LedgerError, DeliveryResult> =>
    pipe(
      TE.fromEither(pipe(decodeEvent(input), E.flatMap(storableEvent))),
      TE.flatMap((event) =>
        pipe(
          TE.fromEither(jsonText(event)),
          TE.flatMap((json) => storage.transaction(deliver(mode, event, json))),
        ),
      ),
    );
