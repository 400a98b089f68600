import { join } from 'node:path';
import type { ProviderOptions } from '@invoicekit/core';
import { plainJson, stringifyJson, type LosslessNumber } from '@invoicekit/core/adapter';
import { expectRight, loadFixtures } from '@invoicekit/testkit';
import { createCryptocloudProvider, decodeCryptocloudConfig } from '../src';

export const API_KEY = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.api-key-for-tests.c2lnbmF0dXJl';
export const SECRET_KEY = 'project-secret-key-for-tests-0123456789';
/** The shop id of CryptoCloud's create examples. */
export const SHOP_ID = 'xBAivfPIbskwuEWj';
export const BASE_URL = 'https://api.cryptocloud.test';

/**
 * CryptoCloud's documented payloads (`_source`) and the cases nobody documents (`_synthetic`, in their
 * own file), read losslessly: every number keeps its exact digits.
 */
export const fixtures = loadFixtures(join(__dirname, 'fixtures', 'cryptocloud.json'), {
  path: join(__dirname, 'fixtures', 'cryptocloud-synthetic.json'),
  provenance: '_synthetic',
});

/** A fixture's payload as plain JSON (numbers as their digit text). */
export const plain = (name: string): unknown => plainJson(fixtures.parsed(name));

/** The documented `result` of a response fixture. */
export const resultOf = (name: string): unknown => fixtures.record(name).result;

/** CryptoCloud's documented success envelope around `result`, plus top-level extras such as `all_count`. */
export const envelope = (
  result: unknown,
  extra: Record<string, unknown> = {},
): { status: number; body: string } => ({
  status: 200,
  body: stringifyJson({ status: 'success', result, ...extra }),
});

/** The 2023 merchant/info item (`INV-XXXXXXXX`, overpaid, no link/created/amount_in_fiat/fiat_currency). */
export const info2023Item = (): Record<string, unknown> =>
  (resultOf('info.response.2023') as Array<Record<string, unknown>>)[0]!;

/** The documented create result (`INV-89UX09KA`), the newer invoice object with link and fiat fields. */
export const createdItem = (): Record<string, unknown> =>
  resultOf('create.response') as Record<string, unknown>;

/** The canonical fields the documented create result (`create.response`) maps to, besides the order and raw. */
export const CREATED_INVOICE = {
  provider: 'cryptocloud',
  id: 'INV-89UX09KA',
  status: 'created',
  providerStatus: 'created',
  failureReason: null,
  paymentUrl: 'https://pay.cryptocloud.plus/89UX09KA',
  price: { amount: '100', currency: 'USD' },
  payment: {
    currency: 'ETH',
    amount: '0.034187',
    address: '0xb07427fc721C23674c48233ffE93D3846ee58B63',
    tag: null,
    network: 'ERC20',
  },
  received: null,
  remaining: null,
  createdAt: new Date('2026-01-27T09:03:58.958Z'),
  expiresAt: new Date('2026-01-28T09:03:57.493Z'),
  testMode: false,
} as const;

/** The canonical fields the documented 2023 merchant/info item (`info.response.2023`) maps to, besides payment and raw. */
export const INFO_2023_INVOICE = {
  provider: 'cryptocloud',
  id: 'INV-XXXXXXXX',
  orderId: '1111',
  status: 'overpaid',
  providerStatus: 'overpaid',
  failureReason: null,
  paymentUrl: 'https://pay.cryptocloud.plus/XXXXXXXX',
  price: { amount: '100.2', currency: 'USD' },
  received: { amount: '100.2', currency: 'USDT_TRC20' },
  remaining: { amount: '0', currency: 'USDT_TRC20' },
  createdAt: null,
  expiresAt: new Date('2023-01-01T12:00:00Z'),
  testMode: false,
} as const;

/** The synthetic fixture's JWT test vector. */
export const jwtVector = fixtures.entry('jwtVector') as {
  readonly secret: string;
  readonly claims: { readonly id: string; readonly exp: LosslessNumber };
  readonly token: string;
};

/** Builds a provider from plain configuration, as users do. */
export const makeProvider = (overrides: Record<string, unknown> = {}, options: ProviderOptions = {}) =>
  createCryptocloudProvider(
    expectRight(
      decodeCryptocloudConfig({
        provider: 'cryptocloud',
        apiKey: API_KEY,
        shopId: SHOP_ID,
        secretKey: SECRET_KEY,
        baseUrl: BASE_URL,
        timeoutMs: 2000,
        ...overrides,
      }),
    ),
    options,
  );
