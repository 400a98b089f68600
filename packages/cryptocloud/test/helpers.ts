import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import * as E from 'fp-ts/Either';
import { parseJsonLossless, plainJson, stringifyJson } from '@invoicekit/core/adapter';
import { expectRight } from '@invoicekit/testkit';
import { createCryptocloudProvider, decodeCryptocloudConfig, type CryptocloudProviderOptions } from '../src';

// Every spec file loads its own nock (testkit imports it) onto the shared http module; unhook it
// after the file so a stale interceptor cannot swallow or re-emit the next file's socket errors.
afterAll(() => nock.restore());

export const API_KEY = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.api-key-for-tests.c2lnbmF0dXJl';
export const SECRET_KEY = 'project-secret-key-for-tests-0123456789';
/** The shop id of CryptoCloud's create examples. */
export const SHOP_ID = 'xBAivfPIbskwuEWj';
export const BASE_URL = 'https://api.cryptocloud.test';

const readParsed = (text: string, what: string): unknown => {
  const parsed = parseJsonLossless(text);
  if (E.isLeft(parsed)) throw new Error(`${what}: ${parsed.left}`);
  return parsed.right;
};

const readFixtures = (file: string): Record<string, Record<string, unknown>> =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;

const documented = readFixtures('cryptocloud.json');
const synthetic = readFixtures('cryptocloud-synthetic.json');

/** A fixture entry by name, from the documented file or (labelled) the synthetic one. */
export const entry = (name: string): Record<string, unknown> => {
  const found = documented[name] ?? synthetic[name];
  if (found === undefined) throw new Error(`no fixture ${name}`);
  return found;
};

/** The exact text of a fixture's payload. */
export const text = (name: string): string => {
  const value = entry(name).text;
  if (typeof value !== 'string') throw new Error(`fixture ${name} has no text`);
  return value;
};

/** A fixture's payload parsed losslessly (numbers as `LosslessNumber`), as an adapter reads it. */
export const parsed = (name: string): Record<string, unknown> =>
  readParsed(text(name), name) as Record<string, unknown>;

/** A fixture's payload as plain JSON (numbers as their digit text). */
export const plain = (name: string): unknown => plainJson(parsed(name));

/** A response fixture: its HTTP status and its exact body text. */
export const responseFixture = (name: string): { status: number; body: string } => ({
  status: Number(entry(name).status),
  body: text(name),
});

/** The documented `result` of a response fixture. */
export const resultOf = (name: string): unknown => parsed(name).result;

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

/** The synthetic fixture's JWT test vector. */
export const jwtVector = entry('jwtVector') as {
  secret: string;
  claims: { id: string; exp: number };
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
