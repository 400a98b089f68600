import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import { InvoiceEvent, type WebhookRequest } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { createCoinspaidProvider, signCallback } from '../src';
import {
  callbackTypes,
  fixtures,
  bodyOf,
  API_KEY,
  SECRET_KEY,
  makeConfig,
  captureTransport,
  synthetic,
} from './support';

const { transport, requests } = captureTransport();
const provider = createCoinspaidProvider(makeConfig('alphapo'), { transport });
const sandboxProvider = createCoinspaidProvider(makeConfig('cryptoprocessing', { environment: 'sandbox' }), {
  transport,
});

const signed = (
  body: string | Buffer,
  headers: Record<string, string | string[] | undefined> = {},
): WebhookRequest => ({
  headers: {
    'X-Processing-Key': API_KEY,
    'X-Processing-Signature': signCallback(body, SECRET_KEY),
    ...headers,
  },
  body,
});
const confirmed = fixtures.record('callback.invoice.confirmed');
const pending = fixtures.record('callback.invoice.pending-instalment');
const parse = (request: WebhookRequest, p = provider) => p.parseWebhook(request)();
const parseDocumented = (name: string) => parse(signed(fixtures.body(name)));

afterAll(() => expect(requests).toHaveLength(0));

describe('parseWebhook: a cancelled invoice (inferred; the callback is undocumented)', () => {
  it("reads the sandbox's failed callback with a cancellation text as cancelled, without a failure reason", async () => {
    const event = expectRight(await parse(signed(synthetic.body('callback.invoice.cancelled'))));
    expect(event).toMatchObject({
      invoiceId: '23',
      orderId: '77xa2pd',
      status: 'cancelled',
      providerStatus: 'failed',
      failureReason: null,
      received: null,
      remaining: { amount: '0.02', currency: 'BTC' },
      dedupeKey: 'alphapo:23:failed:0.02',
    });
    expect(synthetic.source('callback.invoice.cancelled')).toContain('our wording');
  });
});

describe('parseWebhook: verification', () => {
  it('accepts the documented confirmed invoice callback', async () => {
    const event = expectRight(await parseDocumented('callback.invoice.confirmed'));
    expect(event).toEqual({
      provider: 'alphapo',
      invoiceId: '588',
      orderId: '8FW1KI7LesB9yxWcK1K',
      status: 'paid',
      providerStatus: 'confirmed',
      failureReason: null,
      received: { amount: '0.02', currency: 'BTC' },
      remaining: { amount: '0', currency: 'BTC' },
      transactions: [
        {
          id: '750294',
          txid: '6647cf5cae701507b7076b32ca12f19d8e9fe037407c02e09b04abdaede99fd0',
          currency: 'BTC',
          amount: '0.01',
          confirmations: 1,
        },
        {
          id: '750384',
          txid: '528dcda13270f8590853405600bf5634d53aa66d2ce5d3a873006a670f9da788',
          currency: 'BTC',
          amount: '0.01',
          confirmations: 1,
        },
      ],
      dedupeKey: 'alphapo:588:confirmed:0',
      confirmed: true,
      testMode: false,
      raw: expect.objectContaining({
        id: '588',
        status: 'confirmed',
        fixed_at: '1592307241',
        currency_received: { currency: 'BTC', amount: '0.02000000' },
        fees: [{ type: 'fee_crypto_deposit', currency: 'BTC', amount: '0.0008' }],
      }),
    });
    expect(InvoiceEvent.is(event)).toBe(true);
  });

  it('reads header names in any case and bodies as string or Buffer', async () => {
    const text = bodyOf(confirmed);
    const signature = signCallback(text, SECRET_KEY);
    const variants: WebhookRequest[] = [
      { headers: { 'x-processing-key': API_KEY, 'x-processing-signature': signature }, body: text },
      {
        headers: { 'X-PROCESSING-KEY': API_KEY, 'X-PROCESSING-SIGNATURE': signature },
        body: Buffer.from(text),
      },
      {
        headers: { 'X-Processing-Key': [API_KEY], 'x-Processing-signature': [signature] },
        body: new Uint8Array(Buffer.from(text)) as Buffer,
      },
      {
        headers: { 'x-processing-key': API_KEY, 'x-processing-signature': signature.toUpperCase() },
        body: text,
      },
    ];
    for (const request of variants) expect(expectRight(await parse(request)).invoiceId).toBe('588');
  });

  it('verifies the raw bytes of a non-ASCII body', async () => {
    const text = bodyOf({ ...confirmed, foreign_id: 'Bestellung-Müller-€' });
    expect(expectRight(await parse(signed(Buffer.from(text, 'utf8')))).orderId).toBe('Bestellung-Müller-€');
    const phpEscaped = text.replace('ü', '\\u00fc').replace('€', '\\u20ac');
    expectLeftTag(await parse({ ...signed(text), body: phpEscaped }), 'SignatureInvalid');
  });

  it.each<[string, (r: WebhookRequest) => WebhookRequest]>([
    ['a missing signature', (r) => ({ ...r, headers: { 'X-Processing-Key': API_KEY } })],
    ['an empty signature', (r) => ({ ...r, headers: { ...r.headers, 'X-Processing-Signature': '' } })],
    [
      'a missing key',
      (r) => ({ ...r, headers: { 'X-Processing-Signature': r.headers['X-Processing-Signature'] } }),
    ],
    [
      'another merchant’s key',
      (r) => ({ ...r, headers: { ...r.headers, 'X-Processing-Key': 'someone-else' } }),
    ],
    ['a key prefix', (r) => ({ ...r, headers: { ...r.headers, 'X-Processing-Key': API_KEY.slice(0, -1) } })],
    [
      'a wrong signature',
      (r) => ({ ...r, headers: { ...r.headers, 'X-Processing-Signature': 'ab'.repeat(64) } }),
    ],
    [
      'a signature made with the API key',
      (r) => ({ ...r, headers: { ...r.headers, 'X-Processing-Signature': signCallback(r.body, API_KEY) } }),
    ],
    [
      'a pretty-printed body',
      (r) => ({ ...r, body: JSON.stringify(JSON.parse(r.body.toString()), null, 2) }),
    ],
    ['a tampered amount', (r) => ({ ...r, body: r.body.toString().replace('0.02000000', '0.20000000') })],
    ['a parsed body instead of raw bytes', (r) => ({ ...r, body: JSON.parse(r.body.toString()) as string })],
    ['no headers at all', (r) => ({ ...r, headers: undefined as unknown as WebhookRequest['headers'] })],
    ['null headers', (r) => ({ ...r, headers: null as unknown as WebhookRequest['headers'] })],
    [
      'a key header that is not text',
      (r) => ({ ...r, headers: { ...r.headers, 'X-Processing-Key': [1, 2] as unknown as string[] } }),
    ],
  ])('refuses %s with SignatureInvalid', async (_label, mutate) => {
    const error = expectLeftTag(
      await parse(mutate(signed(fixtures.body('callback.invoice.confirmed')))),
      'SignatureInvalid',
    );
    const printed = [error.message, JSON.stringify(error), inspect(error)].join();
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(SECRET_KEY);
  });

  it('names the key to check when the signature or the key header does not match', async () => {
    const body = fixtures.body('callback.invoice.confirmed');
    const wrongSecret = expectLeftTag(
      await parse(signed(body, { 'X-Processing-Signature': signCallback(body, 'another-secret') })),
      'SignatureInvalid',
    );
    expect(wrongSecret.message).toBe(
      'Webhook rejected: the X-Processing-Signature header does not match the body: check secretKey ' +
        '(INVOICEKIT_SECRET_KEY), the secret paired with apiKey, and pass the raw request bytes, never ' +
        're-serialised JSON',
    );
    const wrongKey = expectLeftTag(
      await parse(signed(body, { 'X-Processing-Key': 'another-key' })),
      'SignatureInvalid',
    );
    expect(wrongKey.message).toBe(
      "Webhook rejected: the X-Processing-Key header is not this merchant's API key: check apiKey " +
        '(INVOICEKIT_API_KEY), the key of the account that sends these callbacks; sandbox and production ' +
        'keys differ',
    );
  });

  it('verifies the coinspaid-go callback vector byte for byte and answers it as a deposit_exchange', async () => {
    const name = 'callback.deposit_exchange.coinspaid-go';
    const vectorProvider = createCoinspaidProvider(
      makeConfig('coinspaid', {
        apiKey: fixtures.text(name, 'apiKey'),
        secretKey: fixtures.text(name, 'secretKey'),
      }),
      { transport },
    );
    const request: WebhookRequest = {
      headers: {
        'X-Processing-Key': fixtures.text(name, 'apiKey'),
        'X-Processing-Signature': fixtures.text(name, 'signature'),
      },
      body: Buffer.from(fixtures.body(name), 'utf8'),
    };
    const error = expectLeftTag(await vectorProvider.parseWebhook(request)(), 'UnsupportedEvent');
    expect(error.eventType).toBe('deposit_exchange');
    const tampered = { ...request, body: fixtures.body(name).replace('3576', '3577') };
    expectLeftTag(await vectorProvider.parseWebhook(tampered)(), 'SignatureInvalid');
  });
});

describe('parseWebhook: documented invoice callbacks', () => {
  it.each([
    [
      'callback.invoice.pending-instalment',
      {
        invoiceId: '588',
        status: 'partially_paid',
        providerStatus: 'pending',
        failureReason: null,
        remaining: { amount: '0.01', currency: 'BTC' },
        transactions: [expect.objectContaining({ amount: '0.01', confirmations: 0 })],
      },
    ],
    [
      'callback.invoice.pending-instalment-error-null',
      { invoiceId: '588', status: 'partially_paid', failureReason: null },
    ],
    [
      'callback.invoice.processing',
      {
        invoiceId: '22',
        orderId: '229-hdsa',
        status: 'processing',
        failureReason: null,
        received: null,
        remaining: { amount: '0', currency: 'BTC' },
      },
    ],
    [
      'callback.invoice.confirmed-cryptoprocessing',
      {
        invoiceId: '588',
        status: 'paid',
        failureReason: null,
        remaining: { amount: '0.01', currency: 'BTC' },
        transactions: [expect.objectContaining({ id: '750294', confirmations: 0 })],
      },
    ],
    [
      'callback.invoice.failed-timer',
      {
        invoiceId: '23',
        orderId: '77xa2pd',
        status: 'expired',
        providerStatus: 'failed',
        failureReason: 'timer_expired',
        received: null,
        remaining: { amount: '0.02', currency: 'BTC' },
        transactions: [],
      },
    ],
    [
      'callback.invoice.failed-processing-too-long',
      {
        invoiceId: '21',
        orderId: '88smaan2',
        status: 'failed',
        failureReason: 'processing_timeout',
        received: null,
        remaining: { amount: '0.0099', currency: 'BTC' },
        transactions: [expect.objectContaining({ amount: '0.0001', confirmations: 0 })],
      },
    ],
    [
      'callback.invoice.failed-underpaid',
      {
        invoiceId: '21',
        orderId: '88smaan2',
        status: 'failed',
        failureReason: 'underpaid',
        received: null,
        remaining: { amount: '0.0099', currency: 'BTC' },
        transactions: [expect.objectContaining({ amount: '0.0001', confirmations: 2 })],
      },
    ],
  ])('reads %s as published', async (name, expected) => {
    const event = expectRight(await parseDocumented(name));
    expect(event).toMatchObject({ provider: 'alphapo', confirmed: true, testMode: false, ...expected });
    expect(InvoiceEvent.is(event)).toBe(true);
    expect(event.raw).toEqual(expect.objectContaining({ error: fixtures.record(name).error }));
  });

  it('keeps the failure text in raw and never reads an undocumented one as expired', async () => {
    const failed = fixtures.record('callback.invoice.failed-timer');
    for (const error of [
      'Invoice failed. User paid less than requested.',
      'Transaction in processing too long.',
      'Unexpected failure',
      'Timer expired.',
    ]) {
      const event = expectRight(await parse(signed(bodyOf({ ...failed, error }))));
      expect(event).toMatchObject({ status: 'failed', failureReason: 'other', raw: { error } });
    }
  });

  it('maps pending with nothing left to pay to pending', async () => {
    const settled = {
      ...pending,
      currency_sent: { currency: 'BTC', amount: '0.02000000', remaining_amount: '0.00000000' },
    };
    expect(expectRight(await parse(signed(bodyOf(settled))))).toMatchObject({
      status: 'pending',
      failureReason: null,
    });
  });

  it('keeps an unknown status word as unknown', async () => {
    const event = expectRight(await parse(signed(bodyOf({ ...confirmed, status: 'refunded' }))));
    expect(event).toMatchObject({ status: 'unknown', providerStatus: 'refunded', failureReason: null });
  });

  it('reads confirmations given as a number, and transactions without ids', async () => {
    const [tx] = confirmed.transactions as Array<Record<string, unknown>>;
    const body = bodyOf({
      ...confirmed,
      transactions: [
        { ...tx, confirmations: 6 },
        { currency: 'BTC', amount: '0.1' },
      ],
    });
    const event = expectRight(await parse(signed(body)));
    expect(event.transactions.map((t) => [t.id, t.txid, t.confirmations])).toEqual([
      ['750294', expect.any(String), 6],
      [null, null, null],
    ]);
  });

  it('keeps exact digits of money and big ids (lossless parse)', async () => {
    const body = bodyOf(confirmed)
      .replace('"id":588', '"id":98765432109876543210')
      .replace(
        '"currency_received":{"currency":"BTC","amount":"0.02000000"}',
        '"currency_received":{"currency":"BTC","amount":"12345678.123456789"}',
      );
    const event = expectRight(await parse(signed(body)));
    expect(event.invoiceId).toBe('98765432109876543210');
    expect(event.received).toEqual({ amount: '12345678.123456789', currency: 'BTC' });
  });

  it('gives a repeated delivery the same dedupeKey and a new status or instalment a new one', async () => {
    const text = bodyOf(confirmed);
    const first = expectRight(await parse(signed(text)));
    const again = expectRight(await parse(signed(Buffer.from(text))));
    const instalment = expectRight(await parse(signed(bodyOf(pending))));
    expect(again.dedupeKey).toBe(first.dedupeKey);
    expect(instalment.dedupeKey).not.toBe(first.dedupeKey);
    const withRemaining = (remaining: string) =>
      bodyOf({ ...pending, currency_sent: { currency: 'BTC', amount: '0', remaining_amount: remaining } });
    const one = expectRight(await parse(signed(withRemaining('0.00100000'))));
    const two = expectRight(await parse(signed(withRemaining('0.00050000'))));
    const oneAgain = expectRight(await parse(signed(withRemaining('0.001'))));
    expect(one.dedupeKey).not.toBe(two.dedupeKey);
    expect(oneAgain.dedupeKey).toBe(one.dedupeKey);
  });

  it('sets testMode from the sandbox environment', async () => {
    const event = expectRight(await parse(signed(bodyOf(confirmed)), sandboxProvider));
    expect(event).toMatchObject({ provider: 'cryptoprocessing', testMode: true, confirmed: true });
  });
});

describe('parseWebhook: other callback types', () => {
  it.each([
    ['callback.deposit', 'deposit'],
    ['callback.deposit.not-confirmed', 'deposit'],
    ['callback.deposit_exchange', 'deposit_exchange'],
    ['callback.withdrawal', 'withdrawal'],
    ['callback.withdrawal.cancelled', 'withdrawal'],
    ['callback.withdrawal_exchange', 'withdrawal_exchange'],
    ['callback.exchange', 'exchange'],
    ['callback.payment_request', 'payment_request'],
  ])('answers the documented %s callback with UnsupportedEvent naming %s', async (name, type) => {
    const error = expectLeftTag(await parseDocumented(name), 'UnsupportedEvent');
    expect(error).toMatchObject({ provider: 'alphapo', eventType: type });
    expect(error.message).toContain(type);
  });

  it('answers a payment_request callback, which has no root id, as UnsupportedEvent, not MalformedWebhook', async () => {
    const body = fixtures.record('callback.payment_request');
    expect('id' in body).toBe(false);
    expect(
      expectLeftTag(await parseDocumented('callback.payment_request'), 'UnsupportedEvent').eventType,
    ).toBe('payment_request');
  });

  it.each([...callbackTypes().filter((type) => type !== 'invoice'), 'a-type-from-the-future'])(
    'answers a verified %s callback in any envelope with UnsupportedEvent',
    async (type) => {
      for (const body of [{ ...confirmed, type }, { type }, { type, id: { nested: true } }]) {
        const error = expectLeftTag(await parse(signed(bodyOf(body))), 'UnsupportedEvent');
        expect(error.eventType).toBe(type);
      }
    },
  );

  it('exercises every documented callback fixture: an invoice event or an UnsupportedEvent, never a malformed one', async () => {
    const types = new Set<string>();
    for (const name of fixtures.names('callback.').filter((n) => !n.endsWith('coinspaid-go'))) {
      const type = String(fixtures.record(name).type);
      types.add(type);
      const result = await parseDocumented(name);
      if (type === 'invoice') expect(E.isRight(result)).toBe(true);
      else expect(expectLeftTag(result, 'UnsupportedEvent').eventType).toBe(type);
    }
    expect([...types].sort()).toEqual(callbackTypes());
  });
});

describe('parseWebhook: verified garbage', () => {
  it.each<[string, string]>([
    ['not JSON', 'hello'],
    ['an empty body', ''],
    ['a JSON array', '[1,2,3]'],
    ['a JSON string', '"invoice"'],
    ['no type', bodyOf({ ...confirmed, type: undefined })],
    ['a numeric type', bodyOf({ ...confirmed, type: 7 })],
    ['an empty type', bodyOf({ ...confirmed, type: '  ' })],
    ['an invoice without an id', bodyOf({ ...confirmed, id: undefined })],
    ['no status', bodyOf({ ...confirmed, status: undefined })],
    ['a malformed amount', bodyOf({ ...confirmed, currency_received: { currency: 'EUR', amount: '1.2.3' } })],
    [
      'an amount as a JSON number',
      bodyOf({ ...confirmed, currency_received: { currency: 'EUR', amount: 100 } }),
    ],
    [
      'a negative remaining amount',
      bodyOf({ ...confirmed, currency_sent: { currency: 'BTC', remaining_amount: '-1' } }),
    ],
    ['a transaction without currency', bodyOf({ ...confirmed, transactions: [{ amount: '1' }] })],
    [
      'fractional confirmations',
      bodyOf({ ...confirmed, transactions: [{ currency: 'BTC', amount: '1', confirmations: '1.5' }] }),
    ],
  ])('answers verified garbage (%s) with MalformedWebhook', async (_label, body) => {
    const error = expectLeftTag(await parse(signed(body)), 'MalformedWebhook');
    expect(error.issues.length).toBeGreaterThan(0);
  });
});

describe('parseWebhook: hostile input', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;

  it.each<[string, string]>([
    ['~5,000 nested arrays (10 KB)', deep],
    [
      '~5,000 nested arrays inside an invoice callback',
      bodyOf(confirmed).replace('"fees":[', `"fees":[${deep},`),
    ],
    ['~5,000 nested arrays inside an unsupported callback', `{"type":"deposit","x":${deep}}`],
  ])('answers a signed body holding %s with MalformedWebhook, never a throw', async (_label, body) => {
    expect(body.length).toBeGreaterThanOrEqual(10_000);
    const parsing = () => provider.parseWebhook(signed(body));
    expect(parsing).not.toThrow();
    expect(expectLeftTag(await parsing()(), 'MalformedWebhook').issues[0]?.message).toMatch(/nests deeper/);
  });

  it.each<[string, string]>([
    ['a root __proto__ member', `{"__proto__":${bodyOf(confirmed)}}`],
    [
      'a __proto__ member that would supply foreign_id',
      bodyOf({ ...confirmed, foreign_id: undefined }).replace('{', '{"__proto__":{"foreign_id":{"x":1}},'),
    ],
    [
      'a __proto__ member that would supply the amount',
      bodyOf(confirmed).replace(
        '"currency_received":{"currency":"BTC","amount":"0.02000000"}',
        '"currency_received":{"currency":"BTC","__proto__":{"amount":"-5"},"amount":"0.02000000"}',
      ),
    ],
    ['an escaped __proto__ member', bodyOf(confirmed).replace('{', '{"\\u005f_proto__":{"type":"invoice"},')],
  ])('answers a signed body with %s with MalformedWebhook', async (_label, body) => {
    const error = expectLeftTag(await parse(signed(body)), 'MalformedWebhook');
    expect(error.message).toContain('__proto__');
  });

  const throwingHeaders = Object.defineProperty({}, 'x-processing-key', {
    enumerable: true,
    get: () => {
      throw new Error('boom');
    },
  });
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwingKeys = new Proxy(
    {},
    {
      ownKeys: () => {
        throw new Error('boom');
      },
    },
  );

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'not a request'],
    ['an empty object', {}],
    ['headers whose getter throws', { headers: throwingHeaders, body: bodyOf(confirmed) }],
    ['headers whose keys cannot be listed', { headers: throwingKeys, body: bodyOf(confirmed) }],
    ['a revoked proxy as the request', revoked.proxy],
    ['a revoked proxy as the headers', { headers: revoked.proxy, body: bodyOf(confirmed) }],
    [
      'a body getter that throws',
      Object.defineProperty({ headers: {} }, 'body', {
        enumerable: true,
        get: () => {
          throw new Error('boom');
        },
      }),
    ],
  ])('answers a request that is %s with SignatureInvalid, never a throw', async (_label, request) => {
    const parsing = () => provider.parseWebhook(request as WebhookRequest);
    expect(parsing).not.toThrow();
    expectLeftTag(await parsing()(), 'SignatureInvalid');
  });

  it('reads the request once: a body getter that changes its answer cannot swap the verified bytes', async () => {
    const text = bodyOf(confirmed);
    let reads = 0;
    const request = Object.defineProperty({ headers: signed(text).headers }, 'body', {
      enumerable: true,
      get: () => ((reads += 1) === 1 ? text : text.replace('"confirmed"', '"failed"')),
    });
    expect(expectRight(await parse(request as WebhookRequest)).status).toBe('paid');
    expect(reads).toBe(1);
  });
});

describe('parseWebhook: each step in order', () => {
  it('scrubs the credentials out of an error that quotes the signed body', async () => {
    const body = JSON.stringify({ ...confirmed, type: `leak-${SECRET_KEY}-${API_KEY}` });
    const error = expectLeftTag(await parse(signed(body)), 'UnsupportedEvent');
    const printed = JSON.stringify(error) + inspect(error, { depth: null });
    expect(printed).toContain('leak-');
    expect(printed).not.toContain(SECRET_KEY);
    expect(printed).not.toContain(API_KEY);
  });

  it('stops at the first failing step: an unsigned body is never decoded', async () => {
    const error = expectLeftTag(
      await parse(signed('not json', { 'X-Processing-Signature': signCallback('{}', SECRET_KEY) })),
      'SignatureInvalid',
    );
    expect(error.message).toContain('does not match the body');
  });

  it('answers a decoding failure of a verified body, not an event', async () => {
    const body = JSON.stringify({ ...confirmed, id: 'not-an-id' });
    expectLeftTag(await parse(signed(body)), 'MalformedWebhook');
  });
});
