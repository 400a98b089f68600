import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { andThenEither } from '@invoicekit/core/adapter';
import type { ShopAction } from './action';
import type { StorageFailed } from './errors';
import { decodeRows, toFeedEntry, TRANSITION_COLUMNS, TransitionRow, type FeedEntry } from './records';
import { statement, type Sql } from './storage';

/**
 * A feed entry about to be appended, but for what the append assigns: its position (from the single
 * `feed_head` row, whose update lock is held until commit, so positions are gapless and in commit
 * order), its time, its action (decided by the ledger's mode as it is appended, and stored so
 * history never changes with configuration) and its invoice's key (from the row written with it).
 */
export type EntryFields = Omit<FeedEntry, 'position' | 'at' | 'action'>;

/** The transitions columns an append writes after `position` and `invoice_key`, with their casts. */
export const ENTRY_COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['provider', 'text'],
  ['invoice_id', 'text'],
  ['order_id', 'text'],
  ['from_status', 'text'],
  ['to_status', 'text'],
  ['applied', 'boolean'],
  ['flags', 'text[]'],
  ['raised', 'text[]'],
  ['reason', 'text'],
  ['cause', 'text'],
  ['dedupe_key', 'text'],
  ['received_amount', 'text'],
  ['received_currency', 'text'],
  ['test_mode', 'boolean'],
  ['action', 'text'],
];

/** The values of `ENTRY_COLUMNS` for an entry and its action. */
export const entryValues = (entry: EntryFields, action: ShopAction): unknown[] => [
  entry.provider,
  entry.invoiceId,
  entry.orderId,
  entry.from,
  entry.to,
  entry.applied,
  [...entry.flags],
  [...entry.raised],
  entry.reason,
  entry.cause,
  entry.dedupeKey,
  entry.received?.amount ?? null,
  entry.received?.currency ?? null,
  entry.testMode,
  action,
];

const READ = statement(
  `SELECT ${TRANSITION_COLUMNS} FROM invoicekit_ledger.transitions
   WHERE transitions.position > $1::bigint ORDER BY transitions.position LIMIT $2::int`,
);

/** Reads up to `limit` entries after position `after`, in position order. */
export const readEntries = (
  sql: Sql,
  after: number,
  limit: number,
): TE.TaskEither<StorageFailed, FeedEntry[]> =>
  pipe(
    sql.query(READ, [after, limit]),
    andThenEither(decodeRows(TransitionRow)),
    TE.map((rows) => rows.map(toFeedEntry)),
  );
