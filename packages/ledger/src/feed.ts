import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { shopAction, type ShopAction } from './action';
import type { StorageFailed } from './errors';
import type { LedgerMode } from './mode';
import { decodeRows, toFeedEntry, TRANSITION_COLUMNS, TransitionRow, type FeedEntry } from './records';
import type { Sql } from './storage';

/** A feed entry about to be appended: everything but what the append assigns (position, time, action), plus the invoice's key. */
export type NewEntry = Omit<FeedEntry, 'position' | 'at' | 'action'> & { readonly invoiceKey: string };

/** Where an entry was appended, and the action stored with it. */
export interface Appended {
  readonly position: number;
  readonly action: ShopAction;
}

/**
 * Appends one entry at the next position, with the action a ledger of `mode` gives it (stored, so
 * history never changes with configuration). The position comes from the single `feed_head` row,
 * whose update lock is held until commit: appends are serialised, so positions are gapless and in
 * commit order, and a reader that stored its cursor can never miss an entry that commits after a
 * later one.
 */
export const appendEntry = (
  tx: Sql,
  mode: LedgerMode,
  entry: NewEntry,
): TE.TaskEither<StorageFailed, Appended> => {
  const action = shopAction(mode, entry);
  return pipe(
    tx.query<{ position: string }>(
      `WITH head AS (
         UPDATE invoicekit_ledger.feed_head SET position = position + 1 RETURNING position
       )
       INSERT INTO invoicekit_ledger.transitions (position, invoice_key, provider, invoice_id, order_id,
         from_status, to_status, applied, flags, raised, reason, cause, dedupe_key, received_amount, received_currency,
         test_mode, action)
       SELECT head.position, $1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text, $7::boolean,
         $8::text[], $9::text[], $10::text, $11::text, $12::text, $13::text, $14::text, $15::boolean, $16::text
       FROM head
       RETURNING position::text AS position`,
      [
        entry.invoiceKey,
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
      ],
    ),
    TE.map((rows) => ({ position: Number(rows[0]?.position), action })),
  );
};

/** Reads up to `limit` entries after position `after`, in position order. */
export const readEntries = (
  sql: Sql,
  after: number,
  limit: number,
): TE.TaskEither<StorageFailed, FeedEntry[]> =>
  pipe(
    sql.query(
      `SELECT ${TRANSITION_COLUMNS} FROM invoicekit_ledger.transitions
       WHERE transitions.position > $1::bigint ORDER BY transitions.position LIMIT $2::int`,
      [after, limit],
    ),
    TE.flatMapEither(decodeRows(TransitionRow)),
    TE.map((rows) => rows.map(toFeedEntry)),
  );
