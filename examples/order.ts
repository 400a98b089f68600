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

/** A confirmed CoinsPaid-platform invoice callback, the webhook the benchmarks verify. */
export const confirmedCallbackBody = JSON.stringify({
  id: 3101,
  foreign_id: 'order-1001',
  type: 'invoice',
  status: 'confirmed',
  error: '',
  crypto_address: {
    id: 5501,
    currency: 'BTC',
    address: 'tb1q0raamq6ppjpcfy5mzselzqfgcqaff59kt03lzl',
    tag: null,
  },
  currency_sent: { currency: 'BTC', amount: '0.00129400', remaining_amount: '0.00000000' },
  currency_received: { currency: 'EUR', amount: '149.90000000' },
  transactions: [
    {
      id: 9001,
      currency: 'BTC',
      transaction_type: 'blockchain',
      type: 'deposit',
      address: 'tb1q0raamq6ppjpcfy5mzselzqfgcqaff59kt03lzl',
      tag: null,
      amount: '0.00129400',
      txid: '3a1f0e5c9b8d',
      confirmations: '2',
    },
  ],
  fees: [],
  fixed_at: 1775177497,
  expires_at: 1775177557,
});
