import { createHmac } from 'node:crypto';
import nock from 'nock';
import type { CreateInvoiceRequest } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import {
  COINSPAID_BASE_URLS,
  COINSPAID_PRESETS,
  createCoinspaidProvider,
  type CoinspaidPreset,
} from '../src';
import {
  API_KEY,
  errorFixtureNames,
  fullRequest,
  makeConfig,
  openApiProblems,
  recordRequests,
  responseFixture,
  SECRET_KEY,
  type SeenRequest,
} from './support';

const PATH = '/api/v2/invoices/create';
const NOW = new Date('2026-04-01T12:00:00Z');
let unmatched = 0;
const countUnmatched = () => (unmatched += 1);

beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on('no match', countUnmatched);
});
afterEach(() => {
  nock.cleanAll();
  unmatched = 0;
});
afterAll(() => {
  nock.emitter.removeListener('no match', countUnmatched);
  nock.enableNetConnect();
  // Jest reuses the worker process: without this, the next spec file's nock stacks a second interceptor.
  nock.restore();
});

const providerFor = (preset: CoinspaidPreset, overrides: Record<string, unknown> = {}) =>
  createCoinspaidProvider(makeConfig(preset, { baseUrl: undefined, ...overrides }), { now: () => NOW });

const origin = (preset: CoinspaidPreset) => new URL(COINSPAID_BASE_URLS[preset].production).origin;

const stub = (
  preset: CoinspaidPreset,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  const scope = nock(origin(preset))
    .post(PATH)
    .reply(status, typeof body === 'string' ? body : JSON.stringify(body), {
      'Content-Type': 'application/json',
      ...headers,
    });
  return { scope, seen: recordRequests(scope) };
};

const expectSignedAndValid = (seen: SeenRequest[], preset: CoinspaidPreset) => {
  expect(seen).toHaveLength(1);
  const [request] = seen as [SeenRequest];
  expect(request.headers['content-type']).toBe('application/json');
  expect(request.headers['x-processing-key']).toBe(API_KEY);
  expect(request.headers['x-processing-signature']).toBe(
    createHmac('sha512', SECRET_KEY).update(request.body).digest('hex'),
  );
  expect(openApiProblems(request.body, preset)).toEqual([]);
  return request.body;
};

const timerRequest = (orderId: string): CreateInvoiceRequest => ({
  ...fullRequest(orderId),
  expiresInMinutes: 15,
});
const fixedRequest = (orderId: string): CreateInvoiceRequest => ({
  ...timerRequest(orderId),
  payCurrency: 'BTC',
});

describe.each(COINSPAID_PRESETS)('%s createInvoice over HTTP', (preset) => {
  it.each<[string, number, (orderId: string) => CreateInvoiceRequest, object]>([
    ['create.response.no-timer', 201, fullRequest, { status: 'created', payment: null, expiresAt: null }],
    ['create.response.no-timer', 200, fullRequest, { status: 'created' }],
    ['create.response.timer', 201, timerRequest, { status: 'pending', expiresAt: new Date(1775177485000) }],
    [
      'create.response.timer-currency',
      201,
      fixedRequest,
      { status: 'pending', payment: expect.objectContaining({ currency: 'BTC', amount: '0.00129400' }) },
    ],
  ])(
    'succeeds with %s (HTTP %i), signing the exact bytes sent',
    async (name, status, makeRequest, expected) => {
      const { scope, seen } = stub(preset, status, responseFixture(name).body);
      const invoice = expectRight(await providerFor(preset).createInvoice(makeRequest('order-1001'))());
      scope.done();
      expect(invoice).toMatchObject({ provider: preset, testMode: false, ...expected });
      const body = expectSignedAndValid(seen, preset);
      expect(body).toContain('"amount":100.50,');
      expect(JSON.parse(body)).toMatchObject({
        foreign_id: 'order-1001',
        timer: makeRequest !== fullRequest,
        ...(makeRequest === fixedRequest ? { sender_currency: 'BTC' } : {}),
      });
    },
  );

  it('sends the exact digits of a long amount', async () => {
    const { scope, seen } = stub(preset, 201, responseFixture('create.response.no-timer').body);
    expectRight(
      await providerFor(preset).createInvoice({ ...fullRequest(), amount: '12345678.123456789' })(),
    );
    scope.done();
    expect(expectSignedAndValid(seen, preset)).toContain('"amount":12345678.123456789,');
  });

  it('uses the sandbox host and testMode in the sandbox environment', async () => {
    const scope = nock(new URL(COINSPAID_BASE_URLS[preset].sandbox).origin)
      .post(PATH)
      .reply(201, JSON.stringify(responseFixture('create.response.no-timer').body));
    const invoice = expectRight(
      await providerFor(preset, { environment: 'sandbox' }).createInvoice(fullRequest())(),
    );
    scope.done();
    expect(invoice.testMode).toBe(true);
  });

  it.each(errorFixtureNames)('maps the %s fixture', async (name) => {
    const fixture = responseFixture(name);
    const { scope, seen } = stub(preset, fixture.status, fixture.body);
    const result = await providerFor(preset).createInvoice(fullRequest('order-dup'))();
    scope.done();
    expectSignedAndValid(seen, preset);
    const expectedTag =
      name === 'error.400.duplicate-foreign-id'
        ? 'DuplicateOrder'
        : fixture.status === 403
          ? 'Unauthorized'
          : 'Rejected';
    const error = expectLeftTag(result, expectedTag);
    expect(error).toMatchObject({ provider: preset, status: fixture.status });
    if (error._tag === 'DuplicateOrder') expect(error.orderId).toBe('order-dup');
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('maps 429 with Retry-After seconds and HTTP dates', async () => {
    const first = stub(preset, 429, '', { 'Retry-After': '12' });
    expect(
      expectLeftTag(await providerFor(preset).createInvoice(fullRequest())(), 'RateLimited').retryAfterMs,
    ).toBe(12_000);
    first.scope.done();
    const second = stub(preset, 429, '{"message":"Too Many Attempts."}', {
      'Retry-After': 'Wed, 01 Apr 2026 12:01:00 GMT',
    });
    expect(
      expectLeftTag(await providerFor(preset).createInvoice(fullRequest())(), 'RateLimited').retryAfterMs,
    ).toBe(60_000);
    second.scope.done();
  });

  it.each([500, 502, 503])('maps HTTP %i to ProviderUnavailable', async (status) => {
    const { scope } = stub(preset, status, '<html>Bad gateway</html>');
    expect(
      expectLeftTag(await providerFor(preset).createInvoice(fullRequest())(), 'ProviderUnavailable').status,
    ).toBe(status);
    scope.done();
  });

  it.each([
    ['the AlphaPo doc quirk', JSON.stringify(responseFixture('create.response.alphapo-doc-quirks').body)],
    ['a non-JSON body', 'Internal error'],
    ['an empty body', ''],
  ])('maps %s to UnexpectedResponse', async (_label, body) => {
    const { scope } = stub(preset, 200, body);
    const error = expectLeftTag(
      await providerFor(preset).createInvoice(fullRequest())(),
      'UnexpectedResponse',
    );
    scope.done();
    expect(error.bodyExcerpt).toBe(body.length > 200 ? `${body.slice(0, 200)}…` : body);
  });

  it('maps a slow server to Timeout', async () => {
    const slow = nock(origin(preset)).post(PATH).delay(1000).reply(201, '{}');
    const result = await providerFor(preset, { timeoutMs: 100 }).createInvoice(fullRequest())();
    expect(expectLeftTag(result, 'Timeout').timeoutMs).toBe(100);
    slow.done();
  });

  it('maps a refused connection to NetworkError', async () => {
    const refused = nock(origin(preset))
      .post(PATH)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const result = await providerFor(preset).createInvoice(fullRequest())();
    expect(expectLeftTag(result, 'NetworkError').code).toBe('ECONNREFUSED');
    refused.done();
  });

  it('sends nothing for an invalid or unsupported request', async () => {
    const provider = providerFor(preset);
    expectLeftTag(
      await provider.createInvoice({ ...fullRequest(), expiresInMinutes: 60 })(),
      'InvalidRequest',
    );
    expectLeftTag(
      await provider.createInvoice({ ...fullRequest(), payCurrencies: ['BTC'] })(),
      'Unsupported',
    );
    expectLeftTag(await provider.createInvoice({ ...fullRequest(), payCurrency: 'BTC' })(), 'InvalidRequest');
    expect(unmatched).toBe(0);
  });
});

describe('MiCA fields per preset over HTTP', () => {
  const bare: CreateInvoiceRequest = {
    ...fullRequest(),
    customer: { email: 'buyer@shop.example' },
  };

  it('cryptoprocessing refuses to send without customer.reference and customer.sender', async () => {
    const error = expectLeftTag(
      await providerFor('cryptoprocessing').createInvoice(bare)(),
      'InvalidRequest',
    );
    expect(error.issues.map((i) => i.path)).toEqual(['customer.reference', 'customer.sender']);
    expect(unmatched).toBe(0);
  });

  it.each(['alphapo', 'coinspaid'] as const)('%s sends without them', async (preset) => {
    const { scope, seen } = stub(preset, 201, responseFixture('create.response.no-timer').body);
    expectRight(await providerFor(preset).createInvoice(bare)());
    scope.done();
    const body = JSON.parse(expectSignedAndValid(seen, preset)) as Record<string, unknown>;
    expect(['end_user_reference', 'sender_type', 'sender_data'].filter((k) => k in body)).toEqual([]);
  });
});
