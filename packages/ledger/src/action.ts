import * as t from 'io-ts';
import { isPositive, type InvoiceStatus, type Money } from '@invoicekit/core';
import type { LedgerFlag } from './flags';
import type { LedgerMode } from './mode';

/** What the shop should do about one feed entry, the same on every provider. */
export const ShopAction = t.keyof(
  { fulfil: null, wait: null, review: null, release: null, none: null },
  'ShopAction',
);
/**
 * `fulfil`: paid in full (or more), live where the ledger is live, amounts checked: ship the order.
 * `wait`: still open: nothing to do yet. `review`: a person must look (a flag such as
 * `amount_unchecked`, `underpaid` or `late_payment`, money received on a closed invoice, funds held,
 * a refund). `release`: closed with nothing received: release the stock. `none`: nothing changed.
 */
export type ShopAction = t.TypeOf<typeof ShopAction>;

/** What the action of a feed entry depends on (a `FeedEntry` has all of it). */
export interface ActionBasis {
  readonly applied: boolean;
  readonly to: InvoiceStatus | null;
  readonly testMode: boolean;
  /** The invoice's flags after the entry. */
  readonly flags: ReadonlyArray<LedgerFlag>;
  /** The flags this entry raised. */
  readonly raised: ReadonlyArray<LedgerFlag>;
  readonly received: Money | null;
}

/** True for a flag a person must look at: every flag but `overpaid`, and `test_mode` only in a live ledger. */
export const isReviewFlag = (mode: LedgerMode, flag: LedgerFlag): boolean =>
  flag !== 'overpaid' && !(flag === 'test_mode' && mode === 'test');

const ON_APPLY: Readonly<Record<InvoiceStatus, 'fulfil' | 'wait' | 'close' | 'review'>> = {
  created: 'wait',
  pending: 'wait',
  processing: 'wait',
  partially_paid: 'wait',
  paid: 'fulfil',
  overpaid: 'fulfil',
  expired: 'close',
  cancelled: 'close',
  failed: 'close',
  held: 'review',
  refunding: 'review',
  refunded: 'review',
  refund_failed: 'review',
  unknown: 'review',
};

const receivedSome = (received: Money | null): boolean => received !== null && isPositive(received.amount);

/**
 * The action of a feed entry in a ledger of `mode`: `review` when it newly raised a flag a person
 * must look at; `none` when it applied nothing; otherwise by the status it applied, `review` while
 * the invoice holds such a flag (a test-mode entry in a live ledger always does), and `review` for
 * a closed invoice that received money.
 */
export const shopAction = (mode: LedgerMode, entry: ActionBasis): ShopAction => {
  const review = (flag: LedgerFlag) => isReviewFlag(mode, flag);
  if (entry.raised.some(review)) return 'review';
  if (!entry.applied || entry.to === null) return 'none';
  if (entry.flags.some(review) || (entry.testMode && mode === 'live')) return 'review';
  const kind = ON_APPLY[entry.to];
  if (kind !== 'close') return kind;
  return receivedSome(entry.received) ? 'review' : 'release';
};
