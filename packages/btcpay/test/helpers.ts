import { join } from 'node:path';
import type { ProviderOptions, WebhookRequest } from '@invoicekit/core';
import { expectRight, loadFixtures } from '@invoicekit/testkit';
import { createBtcpayProvider, decodeBtcpayConfig, signWebhookBody, type BtcpayProvider } from '../src';

export const API_KEY = 'b3f0a1c2d4e5f60718293a4b5c6d7e8f90a1b2c3';
export const WEBHOOK_SECRET = 'webhook-secret-for-tests-7Yq2Lm9Xv';
/** The store id of BTCPay's `StoreId` schema example. */
export const STORE_ID = '9CiNzKoANXxmk5ayZngSXrHTiVvvgCrwrpFQd4m2K776';
/** The invoice id of BTCPay's `InvoiceId` schema example. */
export const INVOICE_ID = 'HMprBnL9BTXWuPvpoKBS6e';
export const BASE_URL = 'https://btcpay.shop.example';

/** Store-scoped invoice paths, as the adapter calls them. */
export const PATHS = {
  invoices: `/api/v1/stores/${STORE_ID}/invoices`,
  invoice: `/api/v1/stores/${STORE_ID}/invoices/${INVOICE_ID}`,
  methods: `/api/v1/stores/${STORE_ID}/invoices/${INVOICE_ID}/payment-methods`,
  status: `/api/v1/stores/${STORE_ID}/invoices/${INVOICE_ID}/status`,
} as const;

/** BTCPay's published bodies (`_source`) and the schema-built ones (`_synthetic`), read losslessly. */
export const fixtures = loadFixtures(join(__dirname, 'fixtures', 'btcpay.json'), {
  path: join(__dirname, 'fixtures', 'btcpay-synthetic.json'),
  provenance: '_synthetic',
});

/** A fixture's payload as JSON values (numbers as numbers, as BTCPay writes them). */
export const plain = (name: string): unknown => JSON.parse(fixtures.body(name));

/** A fixture's payload as a plain record. */
export const record = (name: string): Record<string, unknown> => plain(name) as Record<string, unknown>;

/** A webhook body as BTCPay sends it: indented JSON (Newtonsoft `Formatting.Indented`, two spaces). */
export const indented = (body: unknown): string => JSON.stringify(body, null, 2);

/** A delivery of `body` signed as BTCPay signs it: `BTCPay-Sig: sha256=<hex>` over the indented bytes. */
export const signedDelivery = (body: unknown, secret = WEBHOOK_SECRET): WebhookRequest => {
  const text = indented(body);
  return {
    headers: { 'content-type': 'application/json', 'btcpay-sig': signWebhookBody(text, secret) },
    body: Buffer.from(text, 'utf8'),
  };
};

/** The adapter pointed at the nock host, with `overrides` on its configuration. */
export const makeProvider = (
  overrides: Record<string, unknown> = {},
  options: ProviderOptions = {},
): BtcpayProvider =>
  createBtcpayProvider(
    expectRight(
      decodeBtcpayConfig({
        provider: 'btcpay',
        baseUrl: BASE_URL,
        apiKey: API_KEY,
        shopId: STORE_ID,
        secretKey: WEBHOOK_SECRET,
        ...overrides,
      }),
    ),
    options,
  );
