import { createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import nock from 'nock';
import type { CreateInvoiceRequest } from '@invoicekit/core';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import {
  COINSPAID_BASE_URLS,
  COINSPAID_PRESETS,
  createCoinspaidProvider,
  type CoinspaidPreset,
} from '../src';
import {
  fixtures,
  bodyOf,
  API_KEY,
  SECRET_KEY,
  makeConfig,
  fullRequest,
  recordRequests,
  openApiProblems,
  type SeenRequest,
} from './support';

const PATH = '/api/v2/invoices/create';
const NOW = new Date('2026-04-01T12:00:00Z');
const http = useNock();

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
    .reply(status, typeof body === 'string' ? body : bodyOf(body), {
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
      {
        status: 'pending',
        price: { amount: '100', currency: 'EUR' },
        payment: expect.objectContaining({ currency: 'BTC', amount: '0.001294' }),
        createdAt: null,
      },
    ],
  ])(
    'succeeds with %s (HTTP %i), signing the exact bytes sent',
    async (name, status, makeRequest, expected) => {
      const { scope, seen } = stub(preset, status, fixtures.body(name));
      const invoice = expectRight(await providerFor(preset).createInvoice(makeRequest('order-1001'))());
      scope.done();
      expect(invoice).toMatchObject({ provider: preset, testMode: false, ...expected });
      const body = expectSignedAndValid(seen, preset);
      expect(body).toContain('"amount":100.5,');
      expect(JSON.parse(body)).toMatchObject({
        foreign_id: 'order-1001',
        timer: makeRequest !== fullRequest,
        ...(makeRequest === fixedRequest ? { sender_currency: 'BTC' } : {}),
      });
    },
  );

  it('sends the exact digits of a long amount', async () => {
    const { scope, seen } = stub(preset, 201, fixtures.body('create.response.no-timer'));
    expectRight(
      await providerFor(preset).createInvoice({ ...fullRequest(), amount: '123456789012345.12345678' })(),
    );
    scope.done();
    expect(expectSignedAndValid(seen, preset)).toContain('"amount":123456789012345.12345678,');
  });

  it('uses the sandbox host and testMode in the sandbox environment', async () => {
    const scope = nock(new URL(COINSPAID_BASE_URLS[preset].sandbox).origin)
      .post(PATH)
      .reply(201, fixtures.body('create.response.no-timer'));
    const invoice = expectRight(
      await providerFor(preset, { environment: 'sandbox' }).createInvoice(fullRequest())(),
    );
    scope.done();
    expect(invoice.testMode).toBe(true);
  });

  it.each(fixtures.names('error.'))('maps the %s fixture', async (name) => {
    const fixture = fixtures.response(name);
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

  it('maps 429 with an HTTP-date Retry-After', async () => {
    const { scope } = stub(preset, 429, '{"message":"Too Many Attempts."}', {
      'Retry-After': 'Wed, 01 Apr 2026 12:01:00 GMT',
    });
    expect(
      expectLeftTag(await providerFor(preset).createInvoice(fullRequest())(), 'RateLimited').retryAfterMs,
    ).toBe(60_000);
    scope.done();
  });

  it.each([
    ['the AlphaPo doc quirk', fixtures.body('create.response.alphapo-doc-quirks')],
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
    expect(http.unmatched()).toBe(0);
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
    expect(http.unmatched()).toBe(0);
  });

  it.each(['alphapo', 'coinspaid'] as const)('%s sends without them', async (preset) => {
    const { scope, seen } = stub(preset, 201, fixtures.body('create.response.no-timer'));
    expectRight(await providerFor(preset).createInvoice(bare)());
    scope.done();
    const body = JSON.parse(expectSignedAndValid(seen, preset)) as Record<string, unknown>;
    expect(['end_user_reference', 'sender_type', 'sender_data'].filter((k) => k in body)).toEqual([]);
  });
});

describe('amounts in', () => {
  it.each<[string, string | number]>([
    ['a float sum 0.1 + 0.2', 0.1 + 0.2],
    ['nine decimals as text', '0.123456789'],
    ['a tiny number', 1e-9],
  ])(
    'refuses %s with an InvalidRequest naming the 8-decimal limit, and sends nothing',
    async (_label, amount) => {
      const error = expectLeftTag(
        await providerFor('alphapo').createInvoice({ ...fullRequest(), amount })(),
        'InvalidRequest',
      );
      expect(error.issues).toEqual([{ path: 'amount', message: expect.stringContaining('at most 8') }]);
      expect(http.unmatched()).toBe(0);
    },
  );

  it('sends eight decimals exactly as given', async () => {
    const { scope, seen } = stub('alphapo', 201, fixtures.body('create.response.no-timer'));
    expectRight(await providerFor('alphapo').createInvoice({ ...fullRequest(), amount: '0.12345678' })());
    scope.done();
    expect(expectSignedAndValid(seen, 'alphapo')).toContain('"amount":0.12345678,');
  });
});

describe('echoed credentials', () => {
  // Characters that JSON, percent- and HTML-encoding each spell differently.
  const KEY = 'pk_live/7f3a+9c"e1<2b>&d4=5e6f7a8b9c0d';
  const SECRET = 'sk_live/0a1b+2c"3d<4e>&5f=6a7b8c9d0e1f';
  const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);
  const laravelEscaped = (text: string) => jsonEscaped(text).replace(/\//g, '\\/');
  const spellings = (text: string) => [
    text,
    jsonEscaped(text),
    laravelEscaped(text),
    encodeURIComponent(text),
  ];
  const echoProvider = () =>
    createCoinspaidProvider(
      makeConfig('cryptoprocessing', { baseUrl: undefined, apiKey: KEY, secretKey: SECRET }),
      {
        now: () => NOW,
      },
    );

  const expectNoCredential = (error: object) => {
    const printed = [
      JSON.stringify(error),
      inspect(error, { depth: null }),
      String((error as { message: string }).message),
    ].join('\n');
    for (const credential of [KEY, SECRET]) {
      for (const spelling of spellings(credential)) expect(printed).not.toContain(spelling);
      expect(printed).not.toContain(credential.slice(0, credential.length / 2));
      expect(printed).not.toContain(credential.slice(credential.length / 2));
    }
  };

  // The documented 403 body (docs.cryptoprocessing.com/api-reference/endpoints/invoices-create, "Bad key
  // header") with the credential echoed after the text, as issue 8 reports; every spelling a body may use.
  const echoes = (credential: string) =>
    spellings(credential).map((spelling) => `{"error":"Bad key header ${spelling}","code":"bad_header_key"}`);

  it.each([
    ['the API key', KEY],
    ['the secret key', SECRET],
  ])('keeps %s echoed in a 403 body out of the Unauthorized error', async (_label, credential) => {
    for (const body of echoes(credential)) {
      const scope = nock(origin('cryptoprocessing')).post(PATH).reply(403, body);
      const error = expectLeftTag(await echoProvider().createInvoice(fullRequest())(), 'Unauthorized');
      scope.done();
      expect(error).toMatchObject({ status: 403, code: 'bad_header_key' });
      expect(error.message).toContain('Bad key header [redacted]');
      expectNoCredential(error);
    }
  });

  it('keeps both keys echoed in 400 field errors out of Rejected.fields and the message', async () => {
    const body = `{"errors":{"foreign_id":"${jsonEscaped(KEY)}","email_user":"${laravelEscaped(SECRET)}"}}`;
    const scope = nock(origin('cryptoprocessing')).post(PATH).reply(400, body);
    const error = expectLeftTag(await echoProvider().createInvoice(fullRequest())(), 'Rejected');
    scope.done();
    expect(error.fields).toEqual({ foreign_id: '[redacted]', email_user: '[redacted]' });
    expectNoCredential(error);
  });

  it.each([200, 400, 403])(
    'keeps both keys out of a proxy page (HTTP %i) that echoes the request headers',
    async (status) => {
      const page =
        '<html><body><h1>Request blocked</h1><pre>' +
        spellings(KEY)
          .map((k) => `X-Processing-Key: ${k}`)
          .join('\n') +
        '\n' +
        spellings(SECRET)
          .map((k) => `X-Debug-Secret: ${k}`)
          .join('\n') +
        `\n${KEY.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</pre></body></html>`;
      const scope = nock(origin('cryptoprocessing')).post(PATH).reply(status, page);
      const result = await echoProvider().createInvoice(fullRequest())();
      scope.done();
      const error = expectLeftTag(result, status === 403 ? 'Unauthorized' : 'UnexpectedResponse');
      expectNoCredential(error);
    },
  );

  it.each([185, 190, 195, 199])(
    'scrubs a key that the 200-character excerpt would cut in half (key at offset %i)',
    async (offset) => {
      for (const credential of [KEY, SECRET]) {
        const body = `${'x'.repeat(offset)}${credential}${'y'.repeat(300)}`;
        const scope = nock(origin('cryptoprocessing')).post(PATH).reply(400, body);
        const error = expectLeftTag(
          await echoProvider().createInvoice(fullRequest())(),
          'UnexpectedResponse',
        );
        scope.done();
        expect(error.bodyExcerpt.startsWith('x'.repeat(offset))).toBe(true);
        expect(error.bodyExcerpt.slice(offset)).toBe(
          `${'[redacted]'.slice(0, 200 - offset)}${offset > 190 ? '' : 'y'.repeat(190 - offset)}…`,
        );
        expectNoCredential(error);
      }
    },
  );
});

describe('hostile input', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;

  it.each([
    [201, fixtures.body('create.response.no-timer').replace('}}', `,"x":${deep}}}`)],
    [400, `{"errors":${deep}}`],
    [403, `{"code":${deep}}`],
  ])(
    'maps an HTTP %i body holding ~5,000 nested arrays to a typed Left, never a rejection',
    async (status, body) => {
      expect(body.length).toBeGreaterThanOrEqual(10_000);
      const { scope } = stub('coinspaid', status, body);
      const result = await providerFor('coinspaid').createInvoice(fullRequest())();
      scope.done();
      expectLeftTag(result, status === 403 ? 'Unauthorized' : 'UnexpectedResponse');
    },
  );

  it.each([
    [201, `{"__proto__":${fixtures.body('create.response.no-timer')}}`],
    [
      201,
      fixtures
        .body('create.response.no-timer')
        .replace('{"data":{', '{"data":{"__proto__":{"foreign_id":{"x":1}},'),
    ],
    [400, '{"__proto__":{"errors":{"foreign_id":"The foreign id has already been taken."}}}'],
  ])('maps an HTTP %i body with a __proto__ member to UnexpectedResponse', async (status, body) => {
    const { scope } = stub('coinspaid', status, body);
    const error = expectLeftTag(
      await providerFor('coinspaid').createInvoice(fullRequest('order-dup'))(),
      'UnexpectedResponse',
    );
    scope.done();
    expect(error.status).toBe(status);
  });

  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  it.each<[string, unknown]>([
    [
      'a throwing getter',
      Object.defineProperty({ ...fullRequest() }, 'amount', {
        enumerable: true,
        get: () => {
          throw new Error('boom');
        },
      }),
    ],
    ['a revoked proxy', revoked.proxy],
    ['a revoked proxy as the customer', { ...fullRequest(), customer: revoked.proxy }],
    [
      'a proxy whose keys throw',
      new Proxy(fullRequest(), {
        ownKeys: () => {
          throw new Error('boom');
        },
      }),
    ],
  ])('answers a request with %s with InvalidRequest and sends nothing', async (_label, request) => {
    const creating = () => providerFor('alphapo').createInvoice(request as CreateInvoiceRequest);
    expect(creating).not.toThrow();
    expectLeftTag(await creating()(), 'InvalidRequest');
    expect(http.unmatched()).toBe(0);
  });

  it.each([
    ['an invalid one', ''],
    ['another valid one', 'order-swapped'],
  ])('signs and sends the orderId read first when its getter then returns %s', async (_label, second) => {
    const { scope, seen } = stub('alphapo', 201, fixtures.body('create.response.no-timer'));
    let reads = 0;
    const shifty = Object.defineProperty({ ...fullRequest() }, 'orderId', {
      enumerable: true,
      get: () => ((reads += 1) === 1 ? 'order-first' : second),
    });
    expectRight(await providerFor('alphapo').createInvoice(shifty)());
    scope.done();
    const body = expectSignedAndValid(seen, 'alphapo');
    expect(JSON.parse(body)).toMatchObject({ foreign_id: 'order-first' });
    expect(body).not.toContain(second === '' ? '"foreign_id":""' : second);
    expect(reads).toBe(1);
  });
});
