import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { andThenTask } from '@invoicekit/core/adapter';
import type { ShopAction } from './action';
import { storageFailed, type StorageFailed } from './errors';
import { ENTRY_COLUMNS, entryValues, type EntryFields } from './feed';
import { PATCH_CASTS, type InvoicePatch } from './invoices';
import { statement, type Sql, type Statement } from './storage';

/**
 * The invoice row a write lands on. `update`: the row `key`, only while its version is still `xmin`
 * (null when this transaction holds the row locked), optionally ending reconcile's lease on it;
 * `insert`: a new row (nothing when a row with its order or invoice id exists); `lock`: the row
 * unchanged but locked while still at `xmin`; `none`: no row.
 */
export type Target =
  | {
      readonly kind: 'update';
      readonly key: string;
      readonly xmin: string | null;
      readonly patch: InvoicePatch;
      readonly release?: boolean;
    }
  | {
      readonly kind: 'insert';
      readonly provider: string;
      readonly orderId: string | null;
      readonly patch: InvoicePatch;
    }
  | { readonly kind: 'lock'; readonly key: string; readonly xmin: string }
  | { readonly kind: 'none' };

/** A delivery to record with the write: its columns, the event and the outcome as JSON text. */
export interface DeliveryRecord {
  readonly provider: string;
  readonly dedupeKey: string;
  readonly invoiceId: string;
  readonly orderId: string | null;
  readonly status: string;
  readonly confirmed: boolean;
  readonly testMode: boolean;
  readonly event: string;
  /** The outcome; its `position` is set to the entry's when the write appends one. */
  readonly outcome: string;
}

/** One write of the ledger: a row, the feed entry about it, the delivery that caused it; all or nothing. */
export interface Write {
  readonly target: Target;
  readonly entry: { readonly fields: EntryFields; readonly action: ShopAction } | null;
  readonly delivery: DeliveryRecord | null;
}

/** What a write did: the row's key and new version (null without a row) and the entry's position. */
export interface Written {
  readonly key: string | null;
  readonly xmin: string | null;
  readonly position: number | null;
}

const DELIVERY_COLUMNS =
  'provider, dedupe_key, invoice_id, order_id, status, confirmed, test_mode, event, outcome, invoice_key';
const UNIQUE_VIOLATION = '23505';
/** A deadlock or serialization failure: the statement did nothing and may simply run again. */
const CONFLICTS: ReadonlySet<string> = new Set(['40001', '40P01']);

/** Numbers a statement's parameters in the order its text names them. */
class Placeholders {
  private count = 0;

  next(cast: string): string {
    this.count += 1;
    return `$${this.count}::${cast}`;
  }
}

type PatchColumn = keyof typeof PATCH_CASTS;

const PATCH_COLUMNS = Object.keys(PATCH_CASTS) as ReadonlyArray<PatchColumn>;

const patchColumns = (patch: InvoicePatch): PatchColumn[] =>
  PATCH_COLUMNS.filter((column) => patch[column] !== undefined);

const targetSql = (
  target: Target,
  columns: ReadonlyArray<PatchColumn>,
  placeholders: Placeholders,
): string | null => {
  switch (target.kind) {
    case 'update': {
      const sets = columns.map((column) => `${column} = ${placeholders.next(PATCH_CASTS[column])}`);
      const release = target.release === true ? ['lease_until = NULL', 'checked_at = now()'] : [];
      const where = `key = ${placeholders.next('bigint')}${target.xmin === null ? '' : ` AND xmin = ${placeholders.next('text')}::xid`}`;
      return `UPDATE invoicekit_ledger.invoices SET ${[...sets, 'updated_at = now()', ...release].join(', ')}
        WHERE ${where} RETURNING key, xmin`;
    }
    case 'insert': {
      const values = [
        placeholders.next('text'),
        placeholders.next('text'),
        ...columns.map((column) => placeholders.next(PATCH_CASTS[column])),
      ];
      return `INSERT INTO invoicekit_ledger.invoices (provider, order_id, ${columns.join(', ')})
        VALUES (${values.join(', ')}) ON CONFLICT DO NOTHING RETURNING key, xmin`;
    }
    case 'lock':
      return `SELECT key, xmin FROM invoicekit_ledger.invoices
        WHERE key = ${placeholders.next('bigint')} AND xmin = ${placeholders.next('text')}::xid FOR UPDATE`;
    case 'none':
      return null;
  }
};

const targetValues = (target: Target, columns: ReadonlyArray<PatchColumn>): unknown[] => {
  switch (target.kind) {
    case 'update': {
      const values: unknown[] = columns.map((column) => target.patch[column]);
      values.push(target.key);
      if (target.xmin !== null) values.push(target.xmin);
      return values;
    }
    case 'insert':
      return [target.provider, target.orderId, ...columns.map((column) => target.patch[column])];
    case 'lock':
      return [target.key, target.xmin];
    case 'none':
      return [];
  }
};

const ENTRY_SQL_COLUMNS = ENTRY_COLUMNS.map(([column]) => column).join(', ');

const entrySql = (placeholders: Placeholders): string[] => [
  `head AS (UPDATE invoicekit_ledger.feed_head SET position = position + 1
      WHERE EXISTS (SELECT 1 FROM invoice) RETURNING position)`,
  `entry AS (INSERT INTO invoicekit_ledger.transitions (position, invoice_key, ${ENTRY_SQL_COLUMNS})
      SELECT head.position, invoice.key, ${ENTRY_COLUMNS.map(([, cast]) => placeholders.next(cast)).join(', ')} FROM head, invoice RETURNING position)`,
];

const deliverySql = (placeholders: Placeholders, invoice: boolean, entry: boolean): string => {
  const values = [
    placeholders.next('text'),
    placeholders.next('text'),
    placeholders.next('text'),
    placeholders.next('text'),
    placeholders.next('text'),
    placeholders.next('boolean'),
    placeholders.next('boolean'),
    `${placeholders.next('text')}::jsonb`,
  ];
  const outcome = `${placeholders.next('text')}::jsonb`;
  const source = entry ? ' FROM invoice, entry' : invoice ? ' FROM invoice' : '';
  return `delivery AS (INSERT INTO invoicekit_ledger.deliveries (${DELIVERY_COLUMNS})
    SELECT ${values.join(', ')}, ${entry ? `${outcome} || jsonb_build_object('position', entry.position)` : outcome},
      ${invoice ? 'invoice.key' : 'NULL::bigint'}${source})`;
};

const deliveryValues = (delivery: DeliveryRecord): unknown[] => [
  delivery.provider,
  delivery.dedupeKey,
  delivery.invoiceId,
  delivery.orderId,
  delivery.status,
  delivery.confirmed,
  delivery.testMode,
  delivery.event,
  delivery.outcome,
];

/** The statement of every write of one shape: its target's kind and columns, a version check, a lease released, an entry, a delivery. */
const textOf = (write: Write, columns: ReadonlyArray<PatchColumn>): string => {
  const placeholders = new Placeholders();
  const target = targetSql(write.target, columns, placeholders);
  const entry = write.entry !== null && target !== null;
  const ctes = [
    ...(target === null ? [] : [`invoice AS (${target})`]),
    ...(entry ? entrySql(placeholders) : []),
    ...(write.delivery === null ? [] : [deliverySql(placeholders, target !== null, entry)]),
  ];
  const result =
    target === null
      ? 'SELECT NULL::text AS key, NULL::text AS xmin, NULL::text AS position'
      : `SELECT (SELECT key::text FROM invoice) AS key, (SELECT xmin::text FROM invoice) AS xmin,
          ${entry ? '(SELECT position::text FROM entry)' : 'NULL::text'} AS position`;
  return `WITH ${ctes.join(',\n')}\n${result}`;
};

/** The parameters of a write, in the order `textOf` numbers them. */
const valuesOf = (write: Write, columns: ReadonlyArray<PatchColumn>): unknown[] => {
  const values = targetValues(write.target, columns);
  if (write.entry !== null && write.target.kind !== 'none')
    values.push(...entryValues(write.entry.fields, write.entry.action));
  if (write.delivery !== null) values.push(...deliveryValues(write.delivery));
  return values;
};

const shapeOf = (write: Write, columns: ReadonlyArray<PatchColumn>): string => {
  const { target } = write;
  const version = target.kind === 'update' ? `${target.xmin !== null}${target.release === true}` : '';
  return `${target.kind}:${columns.join(',')}:${version}:${write.entry !== null}:${write.delivery !== null}`;
};

// The text of each shape is built and named once; a write then only gathers its values.
const statements = new Map<string, Statement>();

const built = (write: Write): { statement: Statement; params: unknown[] } => {
  const target = write.target;
  const columns = target.kind === 'update' || target.kind === 'insert' ? patchColumns(target.patch) : [];
  const shape = shapeOf(write, columns);
  let known = statements.get(shape);
  if (known === undefined) {
    known = statement(textOf(write, columns));
    statements.set(shape, known);
  }
  return { statement: known, params: valuesOf(write, columns) };
};

interface WrittenRow {
  readonly key: string | null;
  readonly xmin: string | null;
  readonly position: string | null;
}

/** Runs a write as one statement (so all of it commits or none); null when its row was not as read. */
const runWrite = (sql: Sql, change: Write): TE.TaskEither<StorageFailed, Written | null> => {
  const { statement: prepared, params } = built(change);
  return pipe(
    sql.query<WrittenRow>(prepared, params),
    TE.map((rows): Written | null => {
      const row = rows[0];
      if (row === undefined) return null;
      if (change.target.kind !== 'none' && row.key === null) return null;
      return { key: row.key, xmin: row.xmin, position: row.position === null ? null : Number(row.position) };
    }),
  );
};

/**
 * Runs a write made on rows as read, as one statement (so all of it commits or none). Null when it
 * did nothing because its row is no longer as it was read (changed, or inserted meanwhile), a
 * delivery with its key was stored meanwhile, or it lost a deadlock: read again and decide again.
 */
export const write = (sql: Sql, change: Write): TE.TaskEither<StorageFailed, Written | null> =>
  pipe(
    runWrite(sql, change),
    TE.orElse((error) =>
      (change.delivery !== null && error.code === UNIQUE_VIOLATION) || CONFLICTS.has(error.code ?? '')
        ? TE.right(null)
        : TE.left(error),
    ),
  );

/** Runs a write on a row this transaction holds locked, where finding it changed means it is gone. */
export const writeLocked = (tx: Sql, key: string, change: Write): TE.TaskEither<StorageFailed, Written> =>
  pipe(
    runWrite(tx, change),
    andThenTask((written) =>
      written === null ? TE.left(storageFailed(`invoice row ${key} disappeared`)) : TE.right(written),
    ),
  );

const MAX_ATTEMPTS = 8;

/**
 * Repeats read-decide-write `attempt` while its write finds the row changed (null), at most eight
 * times: each repeat means another write landed first, so the ledger as a whole moved on. `retry`
 * is false on the first attempt (which may decide on a row it already holds) and true after.
 */
export const untilWritten = <E, A>(
  what: string,
  attempt: (retry: boolean) => TE.TaskEither<E, A | null>,
): TE.TaskEither<E | StorageFailed, A> => {
  const go = (left: number): TE.TaskEither<E | StorageFailed, A> =>
    pipe(
      attempt(left < MAX_ATTEMPTS),
      andThenTask((done): TE.TaskEither<E | StorageFailed, A> => {
        if (done !== null) return TE.right(done);
        return left > 1
          ? go(left - 1)
          : TE.left({
              ...storageFailed(`${what} changed concurrently ${MAX_ATTEMPTS} times in a row; try again`),
              code: '40001',
            });
      }),
    );
  return go(MAX_ATTEMPTS);
};
