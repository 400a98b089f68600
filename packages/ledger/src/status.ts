import type { InvoiceStatus } from '@invoicekit/core';

/** How far along an invoice is: a status is applied only over a lower rank; rank 4 is final. */
export const STATUS_RANK: Readonly<Record<InvoiceStatus, number>> = {
  unknown: -1,
  created: 0,
  pending: 1,
  processing: 2,
  partially_paid: 3,
  paid: 4,
  overpaid: 4,
  expired: 4,
  cancelled: 4,
  failed: 4,
};

/** True for the statuses an invoice never leaves. */
export const isTerminal = (status: InvoiceStatus): boolean => STATUS_RANK[status] === 4;

/** True for statuses that report money seen or credited. */
export const reportsPayment = (status: InvoiceStatus): boolean =>
  status === 'processing' || status === 'partially_paid' || status === 'paid' || status === 'overpaid';

/** True for the statuses that say the invoice was paid in full (or more). */
export const isSettled = (status: InvoiceStatus): boolean => status === 'paid' || status === 'overpaid';
