import type { FailureReason, InvoiceStatus } from '@invoicekit/core';

/** What the shop does about a feed entry, whatever the provider: the ledger's `FeedEntry.action`. */
export type ShopAction = 'fulfil' | 'wait' | 'review' | 'release' | 'none';

/** Every scenario of the matrix, in the order issue 18 lists them. */
export const SCENARIOS = [
  'pay-in-full',
  'overpay',
  'underpay-and-end',
  'part-then-rest',
  'expire-unpaid',
  'merchant-cancel',
  'pay-after-expiry',
  'duplicate-delivery',
  'out-of-order',
  'lost-then-reconcile',
  'test-mode',
] as const;

/** One scenario of the matrix. */
export type ScenarioId = (typeof SCENARIOS)[number];

/** What each scenario does, in words, for the table and the test names. */
export const SCENARIO_TITLES: Readonly<Record<ScenarioId, string>> = {
  'pay-in-full': 'pay in full',
  overpay: 'overpay',
  'underpay-and-end': 'underpay, and let it end',
  'part-then-rest': 'pay part, then the rest',
  'expire-unpaid': 'expire unpaid',
  'merchant-cancel': 'merchant cancels unpaid',
  'pay-after-expiry': 'pay after expiry',
  'duplicate-delivery': 'duplicate delivery',
  'out-of-order': 'deliveries out of order',
  'lost-then-reconcile': 'webhook lost, then reconcile',
  'test-mode': 'test-mode payment',
};

/**
 * What became of the step a scenario turns on: `done`; `unsupported` where the provider does not offer it
 * (no cancel endpoint, no read for reconcile); `refused` where the provider will not take it now (a
 * payment on a closed invoice, a cancel it answered with an error).
 */
export type StepOutcome = 'done' | 'unsupported' | 'refused';

/** How the ledger learnt the last status it applied: the create's answer, a delivery, a reconcile read, or its own cancel. */
export type LearntBy = 'create' | 'delivery' | 'reconcile' | 'cancel';

/** An amount the provider reported: none at all, zero, or more than zero. */
export type AmountSeen = 'none' | 'zero' | 'some';

/** One cell of the matrix: what the shop sees of one scenario on one provider, once it is over. */
export interface Cell {
  /** The statuses the ledger applied after the create's own entry, in feed order. */
  readonly path: ReadonlyArray<InvoiceStatus>;
  readonly learntBy: LearntBy;
  /** The ledger's `failureReason` at the end. */
  readonly reason: FailureReason;
  /** What the ledger holds as received at the end. */
  readonly received: AmountSeen;
  /** What the provider last reported as still owed (the last event or read the ledger got). */
  readonly remaining: AmountSeen;
  /** The invoice's ledger flags at the end, sorted. */
  readonly flags: ReadonlyArray<string>;
  /** The action of the invoice's last feed entry: what the shop does now. */
  readonly action: ShopAction;
  /** The ledger's actions for deliveries posted again (a duplicate, an older one after a newer), distinct and sorted. */
  readonly replayed: ReadonlyArray<ShopAction>;
  readonly step: StepOutcome;
}

/** Where a provider differs from the default cell: the fields that differ, why, and the provider's source for it. */
export type CellOverride = Partial<Cell> & {
  readonly why: string;
  readonly source: string;
};
