import nock from 'nock';
import type * as E from 'fp-ts/Either';
import type { InvoiceError } from '@invoicekit/core';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import {
  CRYPTOMUS_BASE_URLS,
  CRYPTOMUS_PRESETS,
  signBody,
  VALIDATION_CODE,
  type CryptomusProvider,
} from '../src';
import { API_KEY, BASE_URL, fixtures, makeProvider, MERCHANT } from './helpers';

useNock();

const UUID = '1ec87133-b22d-4643-988f-cac29a6ac85d';

interface Sent {
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/** Stubs one POST and keeps what was sent: path, exact body text and headers. */
const stub = (path: string | RegExp, reply: { status: number; body: string }, base = BASE_URL) => {
  const sent: Sent[] = [];
  const scope = nock(base)
    .post(path)
    .reply(function (uri, body) {
      sent.push({
        path: uri,
        body: typeof body === 'string' ? body : JSON.stringify(body),
        headers: this.req.headers,
      });
      return [reply.status, reply.body, { 'Content-Type': 'application/json' }];
    });
  return { scope, sent };
};

type Run = (provider: CryptomusProvider) => Promise<E.Either<InvoiceError, unknown>>;

const OPERATIONS: ReadonlyArray<readonly [string, string | RegExp, Run]> = [
  [
    'createInvoice',
    '/v1/payment',
    (p) => p.createInvoice({ orderId: 'order-42', amount: '15.00', currency: 'USD' })(),
  ],
  ['getInvoice', '/v1/payment/info', (p) => p.getInvoice(UUID)()],
  ['listInvoices', '/v1/payment/list', (p) => p.listInvoices()()],
];

const FAILURES: ReadonlyArray<readonly [string, InvoiceError['_tag']]> = [
  ['error.401.message', 'Unauthorized'],
  ['error.422.validation', 'Rejected'],
  ['error.400.message', 'Rejected'],
  ['malformed.amount', 'UnexpectedResponse'],
];

describe.each(OPERATIONS)('%s', (_name, path, run) => {
  it('signs exactly the bytes it sends with the payment key, naming the merchant', async () => {
    const { scope, sent } = stub(path, { status: 500, body: '' });
    await run(makeProvider());
    scope.done();
    expect(sent[0]?.headers.merchant).toBe(MERCHANT);
    expect(sent[0]?.headers.sign).toBe(signBody(sent[0]!.body, API_KEY));
  });

  it.each(FAILURES)('maps %s to %s', async (fixture, tag) => {
    const { scope } = stub(path, fixtures.response(fixture));
    const error = expectLeftTag(await run(makeProvider()), tag);
    scope.done();
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('maps HTTP 503 to ProviderUnavailable', async () => {
    const { scope } = stub(path, { status: 503, body: '<html>down</html>' });
    expect(expectLeftTag(await run(makeProvider()), 'ProviderUnavailable').status).toBe(503);
    scope.done();
  });
});

describe('createInvoice', () => {
  it.each(CRYPTOMUS_PRESETS)('posts to the %s host and reads the SDK fixture answer', async (preset) => {
    const { scope, sent } = stub(
      '/v1/payment',
      fixtures.response('create.response'),
      CRYPTOMUS_BASE_URLS[preset],
    );
    const invoice = expectRight(
      await makeProvider({ baseUrl: undefined }, {}, preset).createInvoice({
        orderId: 'order-42',
        amount: '15.00',
        currency: 'USD',
        expiresInMinutes: 60,
      })(),
    );
    scope.done();
    expect(sent[0]?.body).toBe('{"amount":"15","currency":"USD","order_id":"order-42","lifetime":3600}');
    expect(invoice).toMatchObject({
      provider: preset,
      id: UUID,
      orderId: 'order-42',
      status: 'pending',
      providerStatus: 'check',
      paymentUrl: 'https://pay.heleket.com/pay/1ec87133-b22d-4643-988f-cac29a6ac85d',
      price: { amount: '15', currency: 'USD' },
      payment: {
        currency: 'USDT',
        amount: '15',
        address: 'TDD97yguPESTpcrJMqU6h2ozZbibv4Vaqm',
        tag: null,
        network: 'tron',
      },
      createdAt: new Date('2026-05-20T07:00:00Z'),
      expiresAt: new Date(1753202502 * 1000),
      testMode: false,
    });
  });

  it('refuses an answer without a status word', async () => {
    const body = fixtures.body('create.response').replace('"payment_status":"check",', '');
    const { scope } = stub('/v1/payment', { status: 200, body });
    const error = expectLeftTag(
      await makeProvider().createInvoice({ orderId: 'o', amount: '1', currency: 'USD' })(),
      'UnexpectedResponse',
    );
    scope.done();
    expect(error.issues[0]?.path).toBe('result.payment_status');
  });

  it('keeps the field errors of a 422', async () => {
    const { scope } = stub('/v1/payment', fixtures.response('error.422.validation'));
    const error = expectLeftTag(
      await makeProvider().createInvoice({ orderId: 'o', amount: '1', currency: 'USD' })(),
      'Rejected',
    );
    scope.done();
    expect(error).toMatchObject({
      status: 422,
      code: VALIDATION_CODE,
      fields: { amount: 'validation.required', currency: 'validation.required' },
    });
  });
});

describe('getInvoice', () => {
  it('reads by uuid and honours is_final', async () => {
    const { scope, sent } = stub('/v1/payment/info', fixtures.response('info.response.paid'));
    const invoice = expectRight(
      await makeProvider().getInvoice({
        id: 'e1bf6e4a-4465-40b4-849e-60dfe7bced49',
        orderId: 'rGrIxUZFVknrFwbYvB',
      })(),
    );
    scope.done();
    expect(sent[0]?.body).toBe('{"uuid":"e1bf6e4a-4465-40b4-849e-60dfe7bced49"}');
    expect(invoice).toMatchObject({
      status: 'paid',
      orderId: 'rGrIxUZFVknrFwbYvB',
      payment: { amount: '10', currency: 'USDT' },
    });
  });

  it('maps a 404 to NotFound naming the uuid', async () => {
    const { scope } = stub('/v1/payment/info', fixtures.response('error.404.message'));
    expect(expectLeftTag(await makeProvider().getInvoice(UUID)(), 'NotFound')).toMatchObject({ status: 404 });
    scope.done();
  });

  it('says a 404 without the refusal envelope means a wrong baseUrl', async () => {
    const { scope } = stub('/v1/payment/info', { status: 404, body: '<html>Not Found</html>' });
    expect(expectLeftTag(await makeProvider().getInvoice(UUID)(), 'Rejected').code).toBe('wrong_base_url');
    scope.done();
  });
});

describe('a 404 where the API always has an endpoint: the baseUrl is wrong', () => {
  it.each([
    ['cryptomus', 'https://api.cryptomus.com'],
    ['heleket', 'https://api.heleket.com'],
  ] as const)('%s: creating, whatever the body', async (preset, host) => {
    const { scope } = stub('/v1/payment', fixtures.response('error.404.message'));
    const created = await makeProvider({}, {}, preset).createInvoice({
      orderId: 'order-42',
      amount: '15.00',
      currency: 'USD',
    })();
    expect(expectLeftTag(created, 'Rejected')).toEqual({
      _tag: 'Rejected',
      provider: preset,
      status: 404,
      code: 'wrong_base_url',
      fields: {},
      message:
        `${preset} answered HTTP 404 for an endpoint its API always has, so baseUrl does not point at that ` +
        `API: set baseUrl to the API root without /v1, like ${host} (or an emulator's root), or leave it out`,
    });
    scope.done();
  });

  it('listing', async () => {
    const { scope } = stub(/^\/v1\/payment\/list/, { status: 404, body: '' });
    expect(expectLeftTag(await makeProvider().listInvoices({})(), 'Rejected').code).toBe('wrong_base_url');
    scope.done();
  });
});

describe('listInvoices', () => {
  it('sends the empty body signed as the empty string, the cursor in the query, and reads the page', async () => {
    const { scope, sent } = stub(/^\/v1\/payment\/list\?cursor=abc$/, fixtures.response('list.response'));
    const page = expectRight(await makeProvider().listInvoices({ cursor: 'abc' })());
    scope.done();
    expect(sent[0]?.body).toBe('');
    expect(sent[0]?.headers.sign).toBe(signBody('', API_KEY));
    expect(page.nextCursor).toBe('eyJpZCI6MjkxNTU0MDMsIl9wb2ludHNUb05leHRJdGVtcyI6dHJ1ZX0');
    expect(page.previousCursor).toBeNull();
    expect(page.invoices.map((i) => [i.id, i.status])).toEqual([[UUID, 'pending']]);
  });
});

describe('cancelInvoice', () => {
  it('is Unsupported without a request, saying no endpoint is documented', async () => {
    const error = expectLeftTag(await makeProvider().cancelInvoice(UUID)(), 'Unsupported');
    expect(error.feature).toBe('cancelInvoice');
    expect(error.message).toMatch(/documents a cancel endpoint/);
  });
});
