import { inspect } from 'node:util';
import { InvoiceEvent, type WebhookRequest } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { createCoinspaidProvider, signCallback } from '../src';
import { API_KEY, callbackFixture, captureTransport, makeConfig, SECRET_KEY } from './support';

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
const bodyOf = (value: unknown) => JSON.stringify(value);
const confirmed = callbackFixture('callback.invoice.confirmed');
const failedTimer = callbackFixture('callback.invoice.failed-timer');
const parse = (request: WebhookRequest, p = provider) => p.parseWebhook(request)();

afterAll(() => expect(requests).toHaveLength(0));

describe('parseWebhook: verification', () => {
  it('accepts the documented confirmed invoice callback', async () => {
    const event = expectRight(await parse(signed(bodyOf(confirmed))));
    expect(event).toEqual({
      provider: 'alphapo',
      invoiceId: '3101',
      orderId: 'order-1001',
      status: 'paid',
      providerStatus: 'confirmed',
      failureReason: null,
      received: { amount: '100.00000000', currency: 'EUR' },
      remaining: { amount: '0.00000000', currency: 'BTC' },
      transactions: [
        {
          id: '9001',
          txid: '3a1f0e5c9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f',
          currency: 'BTC',
          amount: '0.00129400',
          confirmations: 2,
        },
      ],
      dedupeKey: 'alphapo:3101:confirmed:0.00000000',
      testMode: false,
      raw: expect.objectContaining({ id: '3101', status: 'confirmed', fixed_at: '1775177497' }),
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
    for (const request of variants) expect(expectRight(await parse(request)).invoiceId).toBe('3101');
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
    ['a tampered amount', (r) => ({ ...r, body: r.body.toString().replace('100.00000000', '900.00000000') })],
    ['a parsed body instead of raw bytes', (r) => ({ ...r, body: JSON.parse(r.body.toString()) as string })],
    ['no headers at all', (r) => ({ ...r, headers: undefined as unknown as WebhookRequest['headers'] })],
  ])('refuses %s with SignatureInvalid', async (_label, mutate) => {
    const error = expectLeftTag(await parse(mutate(signed(bodyOf(confirmed)))), 'SignatureInvalid');
    const printed = [error.message, JSON.stringify(error), inspect(error)].join();
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(SECRET_KEY);
  });
});

describe('parseWebhook: invoice callbacks', () => {
  it('maps a failed timer callback to expired / timer_expired', async () => {
    const event = expectRight(await parse(signed(bodyOf(failedTimer))));
    expect(event).toMatchObject({
      invoiceId: '3102',
      orderId: 'order-1002',
      status: 'expired',
      providerStatus: 'failed',
      failureReason: 'timer_expired',
      received: { amount: '0.00000000', currency: 'EUR' },
      remaining: { amount: '0.00129400', currency: 'BTC' },
      transactions: [],
    });
  });

  it.each([
    ['Invoice failed. User paid less than requested.', 'failed', 'underpaid'],
    ['Transaction in processing too long.', 'failed', 'processing_timeout'],
    ['Unexpected failure', 'failed', 'other'],
  ])('maps failed with %j to %s / %s', async (error, status, failureReason) => {
    const event = expectRight(await parse(signed(bodyOf({ ...failedTimer, error }))));
    expect(event).toMatchObject({ status, failureReason });
  });

  it('maps processing, and pending with a remaining amount to partially_paid', async () => {
    expect(expectRight(await parse(signed(bodyOf({ ...confirmed, status: 'processing' })))).status).toBe(
      'processing',
    );
    const instalment = {
      ...confirmed,
      status: 'pending',
      currency_sent: { currency: 'BTC', amount: '0.00064700', remaining_amount: '0.00064700' },
    };
    expect(expectRight(await parse(signed(bodyOf(instalment))))).toMatchObject({
      status: 'partially_paid',
      failureReason: null,
      remaining: { amount: '0.00064700', currency: 'BTC' },
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
      ['9001', expect.any(String), 6],
      [null, null, null],
    ]);
  });

  it('keeps exact digits of money and big ids (lossless parse)', async () => {
    const body = bodyOf(confirmed)
      .replace('"id":3101', '"id":98765432109876543210')
      .replace('"100.00000000"', '"12345678.123456789"');
    const event = expectRight(await parse(signed(body)));
    expect(event.invoiceId).toBe('98765432109876543210');
    expect(event.received).toEqual({ amount: '12345678.123456789', currency: 'EUR' });
  });

  it('gives a repeated delivery the same dedupeKey and a new status a new one', async () => {
    const text = bodyOf(confirmed);
    const first = expectRight(await parse(signed(text)));
    const again = expectRight(await parse(signed(Buffer.from(text))));
    const processing = expectRight(await parse(signed(bodyOf({ ...confirmed, status: 'processing' }))));
    expect(again.dedupeKey).toBe(first.dedupeKey);
    expect(processing.dedupeKey).not.toBe(first.dedupeKey);
    const instalment = (remaining: string) =>
      bodyOf({
        ...confirmed,
        status: 'pending',
        currency_sent: { currency: 'BTC', amount: '0', remaining_amount: remaining },
      });
    const one = expectRight(await parse(signed(instalment('0.00100000'))));
    const two = expectRight(await parse(signed(instalment('0.00050000'))));
    expect(one.dedupeKey).not.toBe(two.dedupeKey);
  });

  it('sets testMode from the sandbox environment', async () => {
    const event = expectRight(await parse(signed(bodyOf(confirmed)), sandboxProvider));
    expect(event).toMatchObject({ provider: 'cryptoprocessing', testMode: true });
  });

  it.each([
    'deposit',
    'deposit_exchange',
    'withdrawal',
    'withdrawal_exchange',
    'exchange',
    'payment_request',
  ])('answers a verified %s callback with UnsupportedEvent', async (type) => {
    const error = expectLeftTag(await parse(signed(bodyOf({ ...confirmed, type }))), 'UnsupportedEvent');
    expect(error.eventType).toBe(type);
  });

  it.each<[string, string]>([
    ['not JSON', 'hello'],
    ['an empty body', ''],
    ['a JSON array', '[1,2,3]'],
    ['no type', bodyOf({ ...confirmed, type: undefined })],
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
