import { join } from 'node:path';
import { loadFixtures } from '@invoicekit/testkit';
import type { CreateInvoiceRequest } from '../src';

/** Documented provider payloads, copied from the adapters' fixtures with their `_source`, read losslessly. */
export const fixtures = loadFixtures(join(__dirname, 'fixtures', 'documented.json'));

/** One order every built-in provider accepts, CryptoProcessing's MiCA fields (a legal sender) included. */
export const order: CreateInvoiceRequest = {
  orderId: 'order-1',
  amount: '100.00',
  currency: 'EUR',
  title: 'Order 1',
  customer: {
    reference: 'customer-1',
    email: 'buyer@shop.example',
    sender: { type: 'legal', legalName: 'Espresso GmbH', countryOfRegistration: 'DEU' },
  },
  redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/fail' },
};
