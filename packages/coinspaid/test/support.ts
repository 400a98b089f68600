import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import type { Scope } from 'nock';
import { type CreateInvoiceRequest } from '@invoicekit/core';
import {
  isLosslessNumber,
  parseJsonLossless,
  stringifyJson,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
} from '@invoicekit/core/adapter';
import { expectRight, loadFixtures } from '@invoicekit/testkit';
import { decodeCoinspaidConfig, type CoinspaidConfig, type CoinspaidPreset } from '../src';

/**
 * The documented examples, copied from the provider docs into this package and read losslessly:
 * every JSON number keeps its exact digits (a `LosslessNumber`), so nothing is rounded on the way to a test.
 */
export const fixtures = loadFixtures(join(__dirname, 'fixtures', 'coinspaid.json'));

/** Payloads nobody published (our inference, each saying why), kept apart from the documented ones. */
export const synthetic = loadFixtures({
  path: join(__dirname, 'fixtures', 'synthetic.json'),
  provenance: '_synthetic',
});

/** The `type` of every documented callback fixture, sorted, each once. */
export const callbackTypes = (): ReadonlyArray<string> =>
  [...new Set(fixtures.names('callback.').map((name) => String(fixtures.record(name).type)))].sort();

/** Serializes a (possibly lossless) value as compact JSON with every number's exact digits. */
export const bodyOf = (value: unknown): string => stringifyJson(value);

/** Test credentials; none may ever appear in an error or printed object. */
export const API_KEY = 'pk_test_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
/** Test credentials; none may ever appear in an error or printed object. */
export const SECRET_KEY = 'sk_test_0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** A base URL for nock. */
export const TEST_BASE_URL = 'https://api.coinspaid.test/api/v2';

/** A decoded configuration for a preset, with optional overrides. */
export const makeConfig = (
  preset: CoinspaidPreset,
  overrides: Record<string, unknown> = {},
): CoinspaidConfig =>
  expectRight(
    decodeCoinspaidConfig({
      provider: preset,
      apiKey: API_KEY,
      secretKey: SECRET_KEY,
      baseUrl: TEST_BASE_URL,
      ...overrides,
    }),
  );

/** The natural sender of the documented create example (`create.request.natural`'s `sender_data`). */
export const DOCUMENTED_SENDER = {
  type: 'natural',
  firstName: 'Friedrich',
  lastName: 'Müller',
  dateOfBirth: '1995-08-17',
} as const;

/** A request every preset accepts (CryptoProcessing's MiCA fields included). */
export const fullRequest = (orderId = 'order-1001'): CreateInvoiceRequest => ({
  orderId,
  amount: '100.50',
  currency: 'EUR',
  title: 'Order 1001',
  description: 'Two coffees',
  customer: { reference: 'cust-77', email: 'buyer@shop.example', sender: DOCUMENTED_SENDER },
  redirectUrls: { success: 'https://shop.example/success', failure: 'https://shop.example/failed' },
});

/** A transport that records requests and answers each with `reply`. */
export const captureTransport = (
  reply: (request: HttpRequest) => HttpResponse = () => ({
    status: 201,
    headers: {},
    body: fixtures.body('create.response.no-timer'),
  }),
): { transport: HttpTransport; requests: HttpRequest[] } => {
  const requests: HttpRequest[] = [];
  return {
    requests,
    transport: (request) => {
      requests.push(request);
      return TE.right(reply(request));
    },
  };
};

/** What nock saw of a request: the exact body bytes and the headers. */
export interface SeenRequest {
  body: string;
  headers: Record<string, string>;
}

/** Records every request a nock scope receives, with its raw body. */
export const recordRequests = (scope: Scope): SeenRequest[] => {
  const seen: SeenRequest[] = [];
  scope.on('request', (req: { headers: Record<string, string> }, _interceptor: unknown, body: string) =>
    seen.push({ body, headers: req.headers }),
  );
  return seen;
};

const NATURAL_FIELDS = ['first_name', 'last_name', 'date_of_birth'];
const LEGAL_FIELDS = ['legal_name', 'country_of_registration'];
const TOP_LEVEL_FIELDS = new Set([
  'type',
  'end_user_reference',
  'timer',
  'title',
  'description',
  'foreign_id',
  'currency',
  'sender_currency',
  'amount',
  'url_success',
  'url_failed',
  'email_user',
  'sender_type',
  'sender_data',
]);
const REQUIRED_EVERYWHERE = [
  'timer',
  'title',
  'foreign_id',
  'currency',
  'amount',
  'url_success',
  'url_failed',
  'email_user',
];
// Seed 000 (CryptoProcessing OpenAPI) adds these; seed 004 (AlphaPo) does not require them.
const REQUIRED_BY_CRYPTOPROCESSING = ['end_user_reference', 'sender_type', 'sender_data'];

const isUri = (s: unknown): boolean => {
  if (typeof s !== 'string') return false;
  try {
    return new URL(s).protocol.length > 0;
  } catch {
    return false;
  }
};

/**
 * Checks a raw request body against the seed-000 OpenAPI schema of `POST /invoices/create`;
 * `sender_data.required` lists both kinds' fields, so it is read as natural XOR legal.
 */
export const openApiProblems = (rawBody: string, preset: CoinspaidPreset): string[] => {
  const parsed = parseJsonLossless(rawBody);
  if (E.isLeft(parsed)) return [`not JSON: ${parsed.left}`];
  const body = parsed.right as Record<string, unknown>;
  const problems: string[] = [];
  const required =
    preset === 'cryptoprocessing'
      ? [...REQUIRED_EVERYWHERE, ...REQUIRED_BY_CRYPTOPROCESSING]
      : REQUIRED_EVERYWHERE;
  for (const key of required) if (!(key in body)) problems.push(`${key} is required`);
  for (const key of Object.keys(body))
    if (!TOP_LEVEL_FIELDS.has(key)) problems.push(`${key} is not in the schema`);
  const isString = (key: string) =>
    body[key] === undefined || typeof body[key] === 'string' || problems.push(`${key} must be a string`);
  [
    'end_user_reference',
    'title',
    'description',
    'foreign_id',
    'currency',
    'sender_currency',
    'url_success',
    'url_failed',
    'email_user',
  ].forEach(isString);
  if (typeof body.timer !== 'boolean') problems.push('timer must be a boolean');
  if (!isLosslessNumber(body.amount)) problems.push('amount must be a JSON number');
  if (typeof body.title === 'string' && ([...body.title].length < 1 || [...body.title].length > 50))
    problems.push('title must be 1–50 characters');
  if (typeof body.description === 'string' && [...body.description].length > 1000)
    problems.push('description must be at most 1000 characters');
  if (typeof body.foreign_id === 'string' && body.foreign_id.length > 255)
    problems.push('foreign_id must be at most 255 characters');
  for (const key of ['url_success', 'url_failed'])
    if (key in body && !isUri(body[key])) problems.push(`${key} must be a URI`);
  if ('email_user' in body && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(body.email_user)))
    problems.push('email_user must be an e-mail');
  if ('type' in body && !['fill_or_kill', 'good_until_expired'].includes(body.type as string))
    problems.push('type is not in the enum');
  if ('sender_type' in body !== 'sender_data' in body)
    problems.push('sender_type and sender_data go together');
  if ('sender_type' in body && !['natural', 'legal'].includes(body.sender_type as string))
    problems.push('sender_type is not in the enum');
  if ('sender_data' in body) {
    const data = body.sender_data as Record<string, unknown>;
    const has = (keys: string[]) => keys.filter((k) => k in data);
    const kind = body.sender_type === 'natural' ? NATURAL_FIELDS : LEGAL_FIELDS;
    const other = body.sender_type === 'natural' ? LEGAL_FIELDS : NATURAL_FIELDS;
    if (typeof data !== 'object' || data === null) problems.push('sender_data must be an object');
    else {
      if (has(kind).length !== kind.length) problems.push(`sender_data must hold ${kind.join(', ')}`);
      if (has(other).length > 0) problems.push(`sender_data must not hold ${has(other).join(', ')}`);
      for (const key of Object.keys(data)) {
        if (!NATURAL_FIELDS.includes(key) && !LEGAL_FIELDS.includes(key))
          problems.push(`sender_data.${key} is not in the schema`);
        else if (typeof data[key] !== 'string') problems.push(`sender_data.${key} must be a string`);
      }
      for (const key of ['first_name', 'last_name'])
        if (typeof data[key] === 'string' && (data[key] as string).length > 255)
          problems.push(`sender_data.${key} is too long`);
      if ('date_of_birth' in data && !/^\d{4}-\d{2}-\d{2}$/.test(String(data.date_of_birth)))
        problems.push('sender_data.date_of_birth must be Y-m-d');
      if ('country_of_registration' in data && !/^[A-Z]{3}$/.test(String(data.country_of_registration)))
        problems.push('sender_data.country_of_registration must be alpha-3');
    }
  }
  return problems;
};
