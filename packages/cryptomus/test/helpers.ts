import { join } from 'node:path';
import type { ProviderOptions } from '@invoicekit/core';
import { expectRight, loadFixtures } from '@invoicekit/testkit';
import { createCryptomusProvider, decodeCryptomusConfig, type CryptomusPreset } from '../src';

/** A payment API key shaped like the providers' (long base62). */
export const API_KEY =
  'paymentKeyForTests0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** A payout API key, distinct from the payment key. */
export const PAYOUT_KEY =
  'payoutKeyForTests9876543210zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210';
/** The merchant uuid of the request-format examples. */
export const MERCHANT = '8b03432e-385b-4670-8d06-064591096795';
export const BASE_URL = 'https://api.cryptomus.test';

/** Published payloads (`_source`) and the cases nobody published (`_synthetic`), read losslessly. */
export const fixtures = loadFixtures(join(__dirname, 'fixtures', 'cryptomus.json'), {
  path: join(__dirname, 'fixtures', 'synthetic.json'),
  provenance: '_synthetic',
});

/** Builds a provider from plain configuration, as users do. */
export const makeProvider = (
  overrides: Record<string, unknown> = {},
  options: ProviderOptions = {},
  preset: CryptomusPreset = 'cryptomus',
) =>
  createCryptomusProvider(
    expectRight(
      decodeCryptomusConfig({
        provider: preset,
        shopId: MERCHANT,
        apiKey: API_KEY,
        baseUrl: BASE_URL,
        timeoutMs: 2000,
        ...overrides,
      }),
    ),
    options,
  );

/** A webhook request as a framework hands it over: headers and the raw body. */
export const webhookOf = (body: string | Buffer) => ({
  headers: { 'content-type': 'application/json' },
  body,
});

/** A `paid` payment webhook for the invoice of the create fixture, in the documented field names, unsigned. */
export const PAID_WEBHOOK: Readonly<Record<string, unknown>> = {
  type: 'payment',
  uuid: '1ec87133-b22d-4643-988f-cac29a6ac85d',
  order_id: 'order-42',
  amount: '15.00',
  payment_amount: '15.00',
  merchant_amount: '14.91',
  commission: '0.09',
  is_final: true,
  status: 'paid',
  network: 'tron',
  currency: 'USD',
  payer_currency: 'USDT',
  additional_data: null,
};
