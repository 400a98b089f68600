import type { CreateInvoiceRequest } from '@invoicekit/gateway';

/** The order the demo and the benchmark send through every provider. */
export const exampleOrder = (orderId: string): CreateInvoiceRequest => ({
  orderId,
  amount: '149.90',
  currency: 'EUR',
  title: 'Order #1001',
  description: 'Two espresso cups and a milk jug',
  customer: {
    reference: 'customer-77',
    email: 'buyer@shop.example',
    sender: { type: 'natural', firstName: 'Friedrich', lastName: 'Müller', dateOfBirth: '1995-08-17' },
  },
  payCurrency: 'BTC',
  expiresInMinutes: 15,
  redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
});
