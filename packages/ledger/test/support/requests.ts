import type { CreateInvoiceRequest } from '@invoicekit/core';

/** A canonical create request for `orderId` (149.90 EUR, paid in BTC). */
export const exampleRequest = (orderId: string): CreateInvoiceRequest => ({
  orderId,
  amount: '149.90',
  currency: 'EUR',
  payCurrency: 'BTC',
  customer: { reference: 'customer-77' },
});
