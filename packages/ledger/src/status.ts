import type { InvoiceStatus } from '@invoicekit/core';

/**
 * How far along an invoice is: a status is applied only over a lower rank (and `refund_failed` over
 * `refunding`). Rank 4 closes the payment; a refund (5 under way or failed, 6 done) applies over it.
 */
export const STATUS_RANK: Readonly<Record<InvoiceStatus, number>> = {
  unknown: -1,
  created: 0,
  pending: 1,
  processing: 2,
  partially_paid: 3,
  held: 3,
  paid: 4,
  overpaid: 4,
  expired: 4,
  cancelled: 4,
  failed: 4,
  refunding: 5,
  refund_failed: 5,
  refunded: 6,
};

/** True for the statuses that close an invoice to payments: only a refund status moves it on. */
export const isTerminal = (status: InvoiceStatus): boolean => STATUS_RANK[status] >= 4;

/** True for the statuses of a refund: under way, done, or failed. */
export const isRefund = (status: InvoiceStatus): boolean =>
  status === 'refunding' || status === 'refunded' || status === 'refund_failed';

/** True for statuses that report money seen, credited or held for the invoice (not money going back). */
export const reportsPayment = (status: InvoiceStatus): boolean =>
  status === 'processing' ||
  status === 'partially_paid' ||
  status === 'held' ||
  status === 'paid' ||
  status === 'overpaid';

/** True for the statuses that say the invoice was paid in full (or more). */
export const isSettled = (status: InvoiceStatus): boolean => status === 'paid' || status === 'overpaid';

/** True when `next` may be applied over `from`: a higher rank, or a refund under way that failed. */
export const advances = (from: InvoiceStatus, next: InvoiceStatus): boolean =>
  STATUS_RANK[next] > STATUS_RANK[from] || (from === 'refunding' && next === 'refund_failed');
