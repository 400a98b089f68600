import { readFileSync } from 'node:fs';
import nock from 'nock';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { parseJsonLossless, plainJson, stringifyJson } from '@invoicekit/core';
import { expectRight } from '@invoicekit/testkit';
import { createCryptocloudProvider, decodeCryptocloudConfig, type CryptocloudProviderOptions } from '../src';

// Every spec file loads its own nock (testkit imports it) onto the shared http module; unhook it
// after the file so a stale interceptor cannot swallow or re-emit the next file's socket errors.
afterAll(() => nock.restore());

export const API_KEY = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.api-key-for-tests.c2lnbmF0dXJl';
export const SECRET_KEY = 'project-secret-key-for-tests-0123456789';
export const SHOP_ID = 'xBAivfPIbskwuEWj';
export const BASE_URL = 'https://api.cryptocloud.test';

const readLossless = (file: string): Record<string, unknown> => {
  const parsed = parseJsonLossless(readFileSync(join(__dirname, 'fixtures', file), 'utf8'));
  if (E.isLeft(parsed)) throw new Error(`fixture ${file}: ${parsed.left}`);
  return parsed.right as Record<string, unknown>;
};

const documented = readLossless('cryptocloud.json');
const synthetic = readLossless('cryptocloud-synthetic.json');

/** A fixture entry, numbers kept as their exact digits (`LosslessNumber`). */
export const fixture = (name: string): unknown => {
  const value = name in documented ? documented[name] : synthetic[name];
  if (value === undefined) throw new Error(`no fixture ${name}`);
  return value;
};

/** A documented response fixture: its HTTP status and its body as the exact text the provider sends. */
export const responseFixture = (name: string): { status: number; body: string } => {
  const entry = fixture(name) as { status: { toString(): string }; body: unknown };
  return {
    status: Number(entry.status.toString()),
    body: typeof entry.body === 'string' ? entry.body : stringifyJson(entry.body),
  };
};

/** A fixture as plain JSON (numbers as digit strings). */
export const plainFixture = (name: string): unknown => plainJson(fixture(name));

/** The fixture's JWT test vector. */
export const jwtVector = fixture('jwtVector') as {
  secret: string;
  claims: { id: string; exp: { toString(): string } };
  token: string;
};

/** Builds a provider from plain configuration, as users do. */
export const makeProvider = (
  overrides: Record<string, unknown> = {},
  options: CryptocloudProviderOptions = {},
) =>
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
