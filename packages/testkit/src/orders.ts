import type { CreateInvoiceRequest } from '@invoicekit/core';

/** One order every provider accepts, CryptoProcessing's MiCA fields included; `extra` overrides any field. */
export const orderEveryProviderAccepts = (
  orderId: string,
  extra: Partial<CreateInvoiceRequest> = {},
): CreateInvoiceRequest => ({
  orderId,
  amount: '100.00',
  currency: 'EUR',
  title: `Order ${orderId}`.slice(0, 50),
  customer: {
    reference: 'customer-77',
    email: 'buyer@shop.example',
    sender: { type: 'natural', firstName: 'Friedrich', lastName: 'Müller', dateOfBirth: '1995-08-17' },
  },
  redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
  ...extra,
});
