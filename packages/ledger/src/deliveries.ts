import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { InvoiceEvent } from '@invoicekit/core';
import { andThenEither, andThenTask, reportIssues } from '@invoicekit/core/adapter';
import type { ShopAction } from './action';
import { invalidInput, storageFailed, type LedgerError, type StorageFailed } from './errors';
import type { InvoicePatch } from './invoices';
import { jsonText } from './json';
import type { LedgerMode } from './mode';
import { modeOf, planFlags, planObservation, raisedWith, type PlannedEntry } from './observe';
import { decodeRows, DeliveryOutcome, InvoiceState, stateColumns, type DeliveryResult } from './records';
import { statement, type Storage } from './storage';
import { nulIssues, storableText } from './text';
import { untilWritten, write, type DeliveryRecord, type Target } from './write';

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
    : E.right(Object.assign({}, event, { providerStatus: storableText(event.providerStatus) }));
};

/** Whether the delivery was stored before and its first outcome, or the invoice rows it may concern. */
interface Read {
  readonly delivered: boolean;
  readonly outcome: unknown;
  readonly outcomeTestMode: boolean | null;
  readonly rows: ReadonlyArray<InvoiceState>;
}

// One statement: the delivery by its key and, only when it is new (the lateral part runs only then),
// the rows it may concern: the one with its invoice id and, for a confirmed delivery, the one with its
// order id (an unresolved create it resolves). Unconfirmed deliveries are matched by invoice id only:
// their order id is unsigned.
const READ = statement(
  `SELECT d.dedupe_key IS NOT NULL AS delivered, d.outcome, d.test_mode AS outcome_test_mode, i.*
   FROM (SELECT 1) AS one
   LEFT JOIN invoicekit_ledger.deliveries AS d ON d.provider = $1::text AND d.dedupe_key = $2::text
   LEFT JOIN LATERAL (
     SELECT ${stateColumns()} FROM invoicekit_ledger.invoices
     WHERE d.provider IS NULL AND invoices.key IN (
       SELECT key FROM invoicekit_ledger.invoices WHERE provider = $1::text AND invoice_id = $3::text
       UNION ALL
       SELECT key FROM invoicekit_ledger.invoices WHERE provider = $1::text AND order_id = $4::text
     )
     ORDER BY invoices.key
   ) AS i ON true`,
);

interface ReadRow {
  readonly delivered: boolean;
  readonly outcome: unknown;
  readonly outcome_test_mode: boolean | null;
  readonly key: string | null;
}

const readDelivery = (storage: Storage, event: InvoiceEvent): TE.TaskEither<StorageFailed, Read> =>
  pipe(
    storage.query<ReadRow>(READ, [
      event.provider,
      event.dedupeKey,
      event.invoiceId,
      event.confirmed ? event.orderId : null,
    ]),
    andThenEither((rows) =>
      pipe(
        decodeRows(InvoiceState)(rows.filter((row) => row.key !== null)),
        E.map((states): Read => ({
          delivered: rows[0]?.delivered === true,
          outcome: rows[0]?.outcome ?? null,
          outcomeTestMode: rows[0]?.outcome_test_mode ?? null,
          rows: states,
        })),
      ),
    ),
  );

interface Recorded {
  readonly outcome: DeliveryOutcome;
  readonly testMode: boolean;
  readonly action: ShopAction;
}

const firstOutcome = (read: Read): E.Either<StorageFailed, Recorded> =>
  pipe(
    DeliveryOutcome.decode(read.outcome),
    E.mapLeft(() => storageFailed('the delivery was recorded before, but its outcome cannot be read')),
    E.map((outcome) => ({ outcome, testMode: read.outcomeTestMode ?? false, action: 'none' })),
  );

const pick = (rows: ReadonlyArray<InvoiceState>, invoiceId: string): InvoiceState | null =>
  rows.find((row) => row.invoice_id === invoiceId) ?? rows[0] ?? null;

/** The row a confirmed delivery of an unknown invoice records, as it reads before the delivery is applied. */
const deliveredRow = (event: InvoiceEvent): InvoiceState => ({
  key: '',
  xmin: '',
  provider: event.provider,
  order_id: event.orderId,
  invoice_id: event.invoiceId,
  creation: 'delivered',
  status: null,
  price_amount: null,
  price_currency: null,
  payment_currency: null,
  payment_amount: null,
  received_amount: null,
  received_currency: null,
  flags: [],
  test_mode: event.testMode,
  replaced_by: null,
});

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

/** A delivery's outcome and action, and the write that records it with the delivery. */
interface Plan {
  readonly outcome: DeliveryOutcome;
  readonly action: ShopAction;
  readonly target: Target;
  readonly entry: PlannedEntry | null;
}

const conflicting = (mode: LedgerMode, row: InvoiceState, event: InvoiceEvent): Plan => {
  const { testMode } = modeOf(mode, row, event);
  const raised = raisedWith(row.flags, testMode, ['conflicting_invoice']);
  const reason = `not applied: the ledger holds invoice ${row.invoice_id} for order ${row.order_id}, but this delivery names invoice ${event.invoiceId}`;
  const outcome: DeliveryOutcome = {
    invoiceId: row.invoice_id,
    orderId: row.order_id,
    applied: false,
    from: row.status,
    to: row.status,
    raised,
    reason,
    position: null,
  };
  if (raised.length === 0) {
    return { outcome, action: 'none', target: { kind: 'lock', key: row.key, xmin: row.xmin }, entry: null };
  }
  const { flags, entry } = planFlags(mode, row, {
    invoiceId: row.invoice_id,
    testMode,
    raised,
    reason,
    cause: 'delivery',
    dedupeKey: event.dedupeKey,
    received: event.received,
  });
  return {
    outcome,
    action: entry.action,
    target: { kind: 'update', key: row.key, xmin: row.xmin, patch: { flags } },
    entry,
  };
};

const resolution = (row: InvoiceState, event: InvoiceEvent): InvoicePatch =>
  row.invoice_id !== null
    ? {}
    : {
        invoice_id: event.invoiceId,
        ...(row.creation === 'created' ? {} : { creation: 'delivered' as const }),
      };

const applyTo = (mode: LedgerMode, row: InvoiceState, event: InvoiceEvent, fresh: boolean): Plan => {
  if (row.invoice_id !== null && row.invoice_id !== event.invoiceId) return conflicting(mode, row, event);
  const patch = resolution(row, event);
  const planned = planObservation(row, event, { cause: 'delivery', dedupeKey: event.dedupeKey, patch, mode });
  return {
    outcome: {
      invoiceId: patch.invoice_id ?? row.invoice_id,
      orderId: row.order_id,
      applied: planned.decision.applied,
      from: planned.from,
      to: planned.decision.status,
      raised: [...planned.decision.raised],
      reason: planned.decision.reason,
      position: null,
    },
    action: planned.entry?.action ?? 'none',
    target: fresh
      ? {
          kind: 'insert',
          provider: row.provider,
          orderId: row.order_id,
          patch: {
            invoice_id: event.invoiceId,
            creation: 'delivered',
            test_mode: event.testMode,
            ...planned.patch,
          },
        }
      : { kind: 'update', key: row.key, xmin: row.xmin, patch: planned.patch },
    entry: planned.entry,
  };
};

const planFor = (mode: LedgerMode, rows: ReadonlyArray<InvoiceState>, event: InvoiceEvent): Plan => {
  const row = pick(rows, event.invoiceId);
  if (row !== null) return applyTo(mode, row, event, false);
  if (event.confirmed) return applyTo(mode, deliveredRow(event), event, true);
  return { outcome: unmatched(event), action: 'none', target: { kind: 'none' }, entry: null };
};

const deliveryRecord = (event: InvoiceEvent, eventJson: string, outcome: string): DeliveryRecord => ({
  provider: event.provider,
  dedupeKey: event.dedupeKey,
  invoiceId: event.invoiceId,
  orderId: event.orderId,
  status: event.status,
  confirmed: event.confirmed,
  testMode: event.testMode,
  event: eventJson,
  outcome,
});

/** Decides a new delivery on the rows as read and writes it, the rows and its entry in one statement; null when a row changed meanwhile. */
const firstDelivery = (
  storage: Storage,
  mode: LedgerMode,
  event: InvoiceEvent,
  rows: ReadonlyArray<InvoiceState>,
): TE.TaskEither<StorageFailed, Recorded | null> => {
  const plan = planFor(mode, rows, event);
  return pipe(
    TE.fromEither(
      pipe(
        E.Do,
        E.bind('eventJson', () => jsonText(event)),
        E.bind('outcome', () => jsonText(plan.outcome)),
      ),
    ),
    andThenTask(({ eventJson, outcome }) =>
      write(storage, {
        target: plan.target,
        entry: plan.entry,
        delivery: deliveryRecord(event, eventJson, outcome),
      }),
    ),
    TE.map((written) =>
      written === null
        ? null
        : {
            outcome: Object.assign({}, plan.outcome, { position: written.position }),
            testMode: event.testMode,
            action: plan.action,
          },
    ),
  );
};

const deliver = (
  storage: Storage,
  mode: LedgerMode,
  event: InvoiceEvent,
): TE.TaskEither<StorageFailed, DeliveryResult> =>
  pipe(
    untilWritten(`the invoice of delivery ${event.dedupeKey}`, () =>
      pipe(
        readDelivery(storage, event),
        andThenTask((read) =>
          read.delivered
            ? pipe(
                TE.fromEither(firstOutcome(read)),
                TE.map((recorded) => ({ recorded, duplicate: true })),
              )
            : pipe(
                firstDelivery(storage, mode, event, read.rows),
                TE.map((recorded) => (recorded === null ? null : { recorded, duplicate: false })),
              ),
        ),
      ),
    ),
    TE.map(({ recorded: { outcome, testMode, action }, duplicate }) =>
      Object.assign({}, outcome, {
        provider: event.provider,
        dedupeKey: event.dedupeKey,
        duplicate,
        testMode,
        action,
      }),
    ),
  );

/**
 * Records a verified delivery by its `dedupeKey` and applies it in the same statement; a repeat
 * returns the first outcome (`duplicate: true`, action `none`) and changes nothing. One statement
 * reads the delivery and the invoice; a new delivery is then decided and written with the invoice
 * row and its feed entry in a second one, which applies only while the row is as it was read (else
 * both run again): two statements for a new delivery, one for a repeat.
 */
export const applyDelivery =
  (storage: Storage, mode: LedgerMode) =>
  (input: InvoiceEvent): TE.TaskEither<LedgerError, DeliveryResult> =>
    pipe(
      TE.fromEither(pipe(decodeEvent(input), E.flatMap(storableEvent))),
      andThenTask((event) => deliver(storage, mode, event)),
    );
