import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { Invoice, type Decimal } from '@invoicekit/core';
import { checkResponse, stringifyJson, parseJsonLossless, type HttpResponse } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { CryptocloudCreated, CryptocloudDateTime, CryptocloudInvoiceList, readDateTime } from '../src/codecs';
import { errorFields, errorFromResponse } from '../src/errors';
import { decodeResponse, paidMoney, toInvoice } from '../src/response';
import { CryptocloudStatus, invoiceState, toInvoiceStatus, toPostbackStatus } from '../src/status';
import { fixtures, envelope, info2023Item, createdItem, CREATED_INVOICE, INFO_2023_INVOICE } from './helpers';

const NOW = () => new Date('2026-01-27T10:00:00Z');
const reply = (name: string, headers: Record<string, string> = {}): HttpResponse => ({
  ...fixtures.response(name),
  headers,
});

const parseLossless = (json: string): unknown => {
  const parsed = parseJsonLossless(json);
  return parsed._tag === 'Right' ? parsed.right : null;
};

/** The answer path every operation takes: the one error function, then the success envelope's `result`. */
const readResult =
  <C extends t.Mixed>(codec: C) =>
  (response: HttpResponse) =>
    pipe(
      checkResponse(errorFromResponse(NOW))({ request: { wire: null, body: '{}' }, response }),
      E.flatMap(decodeResponse(codec)),
    );
const classifyResponse = readResult(t.unknown);

const decodeOne = (item: unknown) => readResult(CryptocloudCreated)({ ...envelope(item), headers: {} });
const decodeList = (items: unknown, extra: Record<string, unknown> = {}) =>
  readResult(CryptocloudInvoiceList)({ ...envelope(items, extra), headers: {} });

describe('decoding each documented invoice shape', () => {
  it('decodes create.response losslessly into the canonical invoice', () => {
    const wire = expectRight(readResult(CryptocloudCreated)(reply('create.response')));
    const invoice = toInvoice(NOW, 'ORDER_93223')(wire);
    expect(invoice).toEqual({
      ...CREATED_INVOICE,
      orderId: 'ORDER_93223',
      customerReference: null,
      title: null,
      raw: expect.objectContaining({
        fee: '1.499999996212864e-06',
        service_fee: '0.00065',
        amount_in_fiat: '100.0',
        created: '2026-01-27 09:03:58.958133',
      }),
    });
    expect(invoice.raw).not.toHaveProperty('price');
    expect(Invoice.decode(Invoice.encode(invoice))).toEqual({ _tag: 'Right', right: invoice });
  });

  it('decodes the 2023 merchant/info item, which has no link, created, amount_in_fiat or fiat_currency', () => {
    const [wire] = expectRight(readResult(CryptocloudInvoiceList)(reply('info.response.2023')));
    const invoice = toInvoice(NOW, null)(wire!);
    expect(invoice).toEqual({
      ...INFO_2023_INVOICE,
      customerReference: null,
      title: null,
      payment: { currency: 'USDT_TRC20', amount: '100.2', address: null, tag: null, network: 'TRC20' },
      raw: expect.objectContaining({
        received: '100.2',
        received_usd: '100.2',
        side_commission_cc: 'client',
      }),
    });
    expect(paidMoney(wire!.wire)).toEqual({ amount: '100.2', currency: 'USDT_TRC20' });
    expect(Invoice.decode(Invoice.encode(invoice))).toEqual({ _tag: 'Right', right: invoice });
  });

  it('decodes a merchant/list result of both generations with a top-level all_count', () => {
    const list = expectRight(decodeList([info2023Item(), createdItem()], { all_count: 2 })).map(
      toInvoice(NOW, null),
    );
    expect(list.map((i) => [i.id, i.status, i.price, i.paymentUrl])).toEqual([
      [
        'INV-XXXXXXXX',
        'overpaid',
        { amount: '100.2', currency: 'USD' },
        'https://pay.cryptocloud.plus/XXXXXXXX',
      ],
      [
        'INV-89UX09KA',
        'created',
        { amount: '100', currency: 'USD' },
        'https://pay.cryptocloud.plus/89UX09KA',
      ],
    ]);
  });

  it('decodes cancel.response as a success', () => {
    expect(expectRight(classifyResponse(reply('cancel.response')))).toEqual(['ok']);
  });
});

describe('where an invoice object is silent (decisions, README "Invoice objects")', () => {
  const item = createdItem;
  const without = (keys: string[], extra: Record<string, unknown> = {}) =>
    Object.fromEntries([
      ...Object.entries(item()).filter(([k]) => !keys.includes(k)),
      ...Object.entries(extra),
    ]);

  it.each([
    ['no fiat_currency', without(['fiat_currency'])],
    [
      'amount_in_fiat 0.0, as a postback invoice_info may carry',
      without([], { amount_in_fiat: parseLossless('0.0') }),
    ],
    ['no amount_in_fiat', without(['amount_in_fiat'])],
  ])('takes the price from amount_usd in USD when there is %s', (_label, wire) => {
    expect(toInvoice(NOW, null)(expectRight(decodeOne(wire))).price).toEqual({
      amount: '100',
      currency: 'USD',
    });
  });

  it('refuses an object that states no price at all', () => {
    const error = expectLeftTag(decodeOne(without(['amount_in_fiat', 'amount_usd'])), 'UnexpectedResponse');
    expect(error.message).toContain('must state a price');
  });

  it('builds the documented pay link from the id when link is missing or empty', () => {
    expect(toInvoice(NOW, null)(expectRight(decodeOne(without(['link'])))).paymentUrl).toBe(
      'https://pay.cryptocloud.plus/89UX09KA',
    );
    expect(toInvoice(NOW, null)(expectRight(decodeOne(without([], { link: '' })))).paymentUrl).toBe(
      'https://pay.cryptocloud.plus/89UX09KA',
    );
  });

  it.each([
    ['a created that is no date', { created: 'yesterday' }, 'createdAt', null],
    ['a null expiry_date', { expiry_date: null }, 'expiresAt', null],
    ['an empty address', { address: '' }, 'payment', expect.objectContaining({ address: null })],
    ['a currency without code', { currency: { id: 3 } }, 'payment', null],
    ['a null currency', { currency: null }, 'payment', null],
  ])('is lenient on %s', (_label, change, field, expected) => {
    const invoice = toInvoice(NOW, null)(expectRight(decodeOne(without([], change))));
    expect(invoice[field as keyof typeof invoice]).toEqual(expected);
  });

  it.each([
    ['no test_mode', without(['test_mode'])],
    ['test_mode "false" as text', without([], { test_mode: 'false' })],
    ['test_mode true', without([], { test_mode: true })],
  ])('takes an object with %s for a test invoice', (_label, wire) => {
    expect(toInvoice(NOW, null)(expectRight(decodeOne(wire))).testMode).toBe(true);
  });

  it.each([
    ['a uuid that is no invoice id', { uuid: 'INV-89UX 09KA' }, 'uuid'],
    ['a numeric uuid', { uuid: parseLossless('5') }, 'uuid'],
    ['no status', { status: undefined }, 'status'],
    ['a malformed amount', { amount: '0,03' }, 'amount'],
    ['a negative amount_usd', { amount_usd: parseLossless('-100.0') }, 'amount_usd'],
    ['a malformed amount_in_fiat', { amount_in_fiat: '1,5' }, 'amount_in_fiat'],
    ['an order_id that is an object', { order_id: { id: 1 } }, 'order_id'],
    ['a malformed amount_paid', { amount_paid: 'lots' }, 'amount_paid'],
  ])('is strict on %s', (_label, change, path) => {
    const error = expectLeftTag(decodeOne(without([], change)), 'UnexpectedResponse');
    expect(error.issues.map((i) => i.path).join(' ')).toContain(path);
  });

  it('reads the paid amount from amount_paid, else received, in the pay currency', () => {
    expect(
      paidMoney(expectRight(decodeOne(without([], { amount_paid: parseLossless('0.01') }))).wire),
    ).toEqual({
      amount: '0.01',
      currency: 'ETH',
    });
    expect(paidMoney(expectRight(decodeOne(item())).wire)).toBeNull();
  });
});

describe('decoding any float text', () => {
  it('keeps a null address as null and prefers fullcode', () => {
    const body = fixtures
      .response('create.response')
      .body.replace('"address":"0xb07427fc721C23674c48233ffE93D3846ee58B63"', '"address":null')
      .replace('"fullcode":"ETH"', '"fullcode":"ETH_BASE"');
    const wire = expectRight(readResult(CryptocloudCreated)({ status: 200, headers: {}, body }));
    expect(toInvoice(NOW, null)(wire).payment).toMatchObject({ currency: 'ETH_BASE', address: null });
  });

  it('decodes any float text in a response to the exact decimal', () => {
    const shift = (digits: string, exponent: number): string => {
      const point = digits.length + exponent;
      const text =
        point <= 0
          ? `0.${'0'.repeat(-point)}${digits}`
          : point >= digits.length
            ? `${digits}${'0'.repeat(point - digits.length)}`
            : `${digits.slice(0, point)}.${digits.slice(point)}`;
      return canonical(text);
    };
    const canonical = (text: string) =>
      text.includes('.')
        ? text
            .replace(/0+$/, '')
            .replace(/\.$/, '')
            .replace(/^0+(?=\d)/, '')
        : text.replace(/^0+(?=\d)/, '');
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{0,20}$/),
        fc.stringMatching(/^\d{0,20}$/),
        fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
        (whole, fraction, exponent) => {
          const mantissa = fraction === '' ? whole : `${whole}.${fraction}`;
          const text =
            exponent === undefined
              ? mantissa
              : `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
          const body = fixtures
            .response('create.response')
            .body.replace('"amount":0.034187', `"amount":${text}`);
          const wire = expectRight(readResult(CryptocloudCreated)({ status: 200, headers: {}, body }));
          const expected = shift(whole + fraction, (exponent ?? 0) - fraction.length);
          expect(canonical(toInvoice(NOW, null)(wire).payment!.amount!)).toBe(expected);
        },
      ),
    );
  });

  it('reads any UTC timestamp without a zone as that UTC instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 999 }),
        (date, micros) => {
          const text = `${date.toISOString().slice(0, 19).replace('T', ' ')}.${String(date.getUTCMilliseconds()).padStart(3, '0')}${String(micros).padStart(3, '0')}`;
          expect(readDateTime(text)?.getTime()).toBe(date.getTime());
          expect(CryptocloudDateTime.is(text)).toBe(true);
        },
      ),
    );
  });

  it.each(['2026-02-30 10:00:00.000000', '2026-01-27', 'yesterday', '2026-01-27 25:00:00'])(
    'refuses the timestamp %j',
    (text) => {
      expect(readDateTime(text)).toBeNull();
    },
  );

  it('accepts a zoned timestamp as written', () => {
    expect(readDateTime('2026-01-27 09:03:58+03:00')?.toISOString()).toBe('2026-01-27T06:03:58.000Z');
  });
});

describe('classifyResponse', () => {
  it.each([
    ['error.401.authorization', 'Unauthorized', 401, 'authorization'],
    ['error.400.authorization', 'Unauthorized', 400, 'authorization'],
    ['error.detail.signature', 'Unauthorized', 403, 'detail'],
    ['error.detail.padding', 'Unauthorized', 403, 'detail'],
    ['error.400.validation', 'Rejected', 400, null],
    ['cancel.error.not-created', 'Rejected', 400, 'validate_error'],
    ['cancel.error.uuid-required', 'Rejected', 400, 'validate_error'],
  ] as const)('maps %s to %s', (name, tag, status, code) => {
    const error = expectLeftTag(classifyResponse(reply(name)), tag);
    expect(error).toMatchObject({ status, code });
  });

  it('maps a 200 detail body to Unauthorized whatever the code', () => {
    const error = expectLeftTag(
      classifyResponse({ status: 200, headers: {}, body: '{"detail":"Signature verification failed"}' }),
      'Unauthorized',
    );
    expect(error.message).toContain('Signature verification failed');
  });

  it('maps 5xx, 429 and non-JSON', () => {
    expectLeftTag(classifyResponse(reply('error.500')), 'ProviderUnavailable');
    expect(
      expectLeftTag(
        classifyResponse({ status: 429, headers: { 'retry-after': '3' }, body: '' }),
        'RateLimited',
      ).retryAfterMs,
    ).toBe(3000);
    expectLeftTag(classifyResponse({ status: 200, headers: {}, body: 'oops' }), 'UnexpectedResponse');
    expectLeftTag(classifyResponse({ status: 400, headers: {}, body: '{"x":1}' }), 'UnexpectedResponse');
  });

  it('reads a 404 as a wrong baseUrl unless it carries a CryptoCloud error envelope', () => {
    expect(classifyResponse({ status: 404, headers: {}, body: '{"x":1}' })).toMatchObject(
      E.left({ _tag: 'Rejected', code: 'wrong_base_url' }),
    );
    const envelope = '{"status":"error","result":{"validate_error":"Invoice not found"}}';
    expect(classifyResponse({ status: 404, headers: {}, body: envelope })).toMatchObject(
      E.left({ _tag: 'Rejected', code: 'validate_error', fields: { validate_error: 'Invoice not found' } }),
    );
  });

  it('reads error results given as strings, lists and numbers', () => {
    expect(
      errorFields({ amount: ['too small', 'not a number'], code: parseLossless('5'), nested: { a: 1 } }),
    ).toEqual({
      amount: 'too small; not a number',
      code: '5',
    });
    expect(errorFields('uuid is required')).toEqual({ error: 'uuid is required' });
  });

  it('keeps the documented refusal readable in the Rejected message', () => {
    const error = expectLeftTag(classifyResponse(reply('cancel.error.not-created')), 'Rejected');
    expect(error.fields).toEqual({ validate_error: 'Invoice is not created' });
    expect(error.message).toContain('validate_error: Invoice is not created');
  });

  it('keeps the documented authorization text in the Unauthorized message', () => {
    const error = expectLeftTag(classifyResponse(reply('error.400.authorization')), 'Unauthorized');
    expect(error.message).toContain('Unauthorized request.');
  });
});

describe('status table', () => {
  it.each([
    ['created', 'created'],
    ['paid', 'paid'],
    ['partial', 'partially_paid'],
    ['overpaid', 'overpaid'],
    ['canceled', 'cancelled'],
  ] as const)('maps %s to %s', (word, status) => {
    expect(toInvoiceStatus(word)).toBe(status);
  });

  it('maps every other word to unknown', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !CryptocloudStatus.is(s)),
        (word) => expect(toInvoiceStatus(word)).toBe('unknown'),
      ),
    );
    expect(toInvoiceStatus('expired')).toBe('unknown');
    expect(toInvoiceStatus('cancelled')).toBe('unknown');
  });

  it('maps the postback word success to paid', () => {
    expect(toPostbackStatus('success')).toBe('paid');
    expect(toPostbackStatus('fail')).toBe('unknown');
  });
});

it('reads and writes fixture bodies losslessly (fixture sanity)', () => {
  expect(fixtures.text('create.response')).toContain('"fee":1.499999996212864e-06,');
  expect(stringifyJson(parseLossless(fixtures.text('create.response')))).toBe(
    fixtures.text('create.response'),
  );
});

describe('invoiceState: what a canceled invoice means', () => {
  const expiry = new Date('2026-01-28T09:00:00Z');
  const before = new Date('2026-01-28T08:59:59Z');

  it('is expired (timer_expired) once its expiry date has passed with nothing paid', () => {
    expect(invoiceState('canceled', null, expiry, expiry)).toEqual({
      status: 'expired',
      failureReason: 'timer_expired',
    });
  });

  it('is cancelled by the merchant before its expiry date', () => {
    expect(invoiceState('canceled', '0' as Decimal, expiry, before)).toEqual({
      status: 'cancelled',
      failureReason: null,
    });
  });

  it('is failed (underpaid) when money was paid, as the CoinsPaid platform reports the same fact', () => {
    expect(invoiceState('canceled', '0.01' as Decimal, expiry, before)).toEqual({
      status: 'failed',
      failureReason: 'underpaid',
    });
  });

  it('is cancelled when no expiry date is known, never a guess at expiry', () => {
    expect(invoiceState('canceled', null, null, expiry).status).toBe('cancelled');
  });

  it.each(['created', 'paid', 'partial', 'overpaid'])(
    'maps %s as the table does, whatever the clock',
    (word) => {
      expect(invoiceState(word, null, expiry, expiry)).toEqual({
        status: toInvoiceStatus(word),
        failureReason: null,
      });
    },
  );
});
