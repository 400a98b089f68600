import { join } from 'node:path';
import type { ProviderOptions } from '@invoicekit/core';
import { plainJson } from '@invoicekit/core/adapter';
import { expectRight, loadFixtures } from '@invoicekit/testkit';
import { createNowpaymentsProvider, decodeNowpaymentsConfig, signWith, type SignatureRecipe } from '../src';
import { parseJsonLossless } from '@invoicekit/core/adapter';
import * as E from 'fp-ts/Either';

export const API_KEY = 'NP7KQ2M-4ZB1W9X-JH3C8DV-T6R0YAE';
export const SECRET_KEY = 'ipn-secret-for-tests-0123456789abcdef';
export const EMAIL = 'merchant@shop.example';
export const PASSWORD = 'dashboard-password-for-tests';
export const BASE_URL = 'https://api.nowpayments.test/v1';

/**
 * NOWPayments' documented payloads (`_source`) and the cases nobody documents (`_synthetic`, in their
 * own file), read losslessly: every number keeps its exact digits.
 */
export const fixtures = loadFixtures(join(__dirname, 'fixtures', 'nowpayments.json'), {
  path: join(__dirname, 'fixtures', 'nowpayments-synthetic.json'),
  provenance: '_synthetic',
});

/** A fixture's payload as plain JSON (numbers as their digit text). */
export const plain = (name: string): unknown => plainJson(fixtures.parsed(name));

/** Builds a provider from plain configuration, as users do. */
export const makeProvider = (overrides: Record<string, unknown> = {}, options: ProviderOptions = {}) =>
  createNowpaymentsProvider(
    expectRight(
      decodeNowpaymentsConfig({
        provider: 'nowpayments',
        apiKey: API_KEY,
        secretKey: SECRET_KEY,
        baseUrl: BASE_URL,
        timeoutMs: 2000,
        ...overrides,
      }),
    ),
    options,
  );

/** Signs a body text with one published recipe and the test IPN secret. */
export const sign = (
  text: string,
  recipe: SignatureRecipe = 'node-sort-object',
  secret = SECRET_KEY,
): string => {
  const parsed = parseJsonLossless(text);
  if (E.isLeft(parsed)) throw new Error(parsed.left);
  const signature = signWith(recipe, parsed.right, secret);
  if (signature === null) throw new Error(`${recipe} cannot encode this body`);
  return signature;
};

/** An IPN request for a body text, signed with `recipe`. */
export const ipn = (text: string, recipe: SignatureRecipe = 'node-sort-object') => ({
  headers: { 'content-type': 'application/json', 'x-nowpayments-sig': sign(text, recipe) },
  body: text,
});
