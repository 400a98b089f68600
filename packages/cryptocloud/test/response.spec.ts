import * as fc from 'fast-check';
import { Invoice, stringifyJson, parseJsonLossless, type HttpResponse } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { CryptocloudDateTime, CryptocloudInvoice, CryptocloudInvoiceList, readDateTime } from '../src/codecs';
import { classifyResponse, errorFields } from '../src/errors';
import { readResult, toInvoice } from '../src/response';
import { CryptocloudStatus, toInvoiceStatus, toPostbackStatus } from '../src/status';
import { fixture, responseFixture } from './helpers';

const NOW = () => new Date('2026-01-27T10:00:00Z');
const reply = (name: string, headers: Record<string, string> = {}): HttpResponse => ({
  ...responseFixture(name),
  headers,
});

describe('decoding each response fixture', () => {
  it('decodes create.response losslessly into the canonical invoice', () => {
    const wire = expectRight(readResult(CryptocloudInvoice, NOW)(reply('create.response')));
    const invoice = toInvoice('ORDER_93223')(wire);
    expect(invoice).toEqual({
      provider: 'cryptocloud',
      id: 'INV-89UX09KA',
      orderId: 'ORDER_93223',
      customerReference: null,
      status: 'created',
      providerStatus: 'created',
      paymentUrl: 'https://pay.cryptocloud.plus/89UX09KA',
      title: null,
      price: { amount: '100.0', currency: 'USD' },
      payment: {
        currency: 'ETH',
        amount: '0.034187',
        address: '0xb07427fc721C23674c48233ffE93D3846ee58B63',
        tag: null,
        network: 'ERC20',
      },
      createdAt: new Date('2026-01-27T09:03:58.958Z'),
      expiresAt: new Date('2026-01-28T09:03:57.493Z'),
      testMode: false,
      raw: expect.objectContaining({
        fee: expect.stringMatching(/^1\.499999996212864e-0?6$/),
        service_fee: '0.00065',
        created: '2026-01-27 09:03:58.958133',
      }),
    });
    expect(Invoice.decode(Invoice.encode(invoice))).toEqual({ _tag: 'Right', right: invoice });
  });

  it('decodes info.response and list.response', () => {
    const [paid] = expectRight(readResult(CryptocloudInvoiceList, NOW)(reply('info.response')));
    expect(toInvoice(null)(paid!)).toMatchObject({ status: 'paid', orderId: 'ORDER_93223' });
    const list = expectRight(readResult(CryptocloudInvoiceList, NOW)(reply('list.response'))).map(
      toInvoice(null),
    );
    expect(list.map((i) => i.status)).toEqual(['paid', 'created', 'partially_paid', 'unknown']);
    expect(list[1]!.payment).toBeNull();
    expect(list[2]!.payment?.amount).toBe('0.00000149');
    expect(expectRight(readResult(CryptocloudInvoiceList, NOW)(reply('info.response.empty')))).toEqual([]);
  });

  it('decodes cancel.response as a success', () => {
    expect(expectRight(classifyResponse(NOW)(reply('cancel.response')))).toBeDefined();
  });

  it('keeps a null address as null and prefers fullcode', () => {
    const body = responseFixture('create.response')
      .body.replace('"address":"0xb07427fc721C23674c48233ffE93D3846ee58B63"', '"address":null')
      .replace('"fullcode":"ETH"', '"fullcode":"ETH_BASE"');
    const wire = expectRight(readResult(CryptocloudInvoice, NOW)({ status: 200, headers: {}, body }));
    expect(toInvoice(null)(wire).payment).toMatchObject({ currency: 'ETH_BASE', address: null });
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
          const body = responseFixture('create.response').body.replace(
            '"amount":0.034187',
            `"amount":${text}`,
          );
          const wire = expectRight(readResult(CryptocloudInvoice, NOW)({ status: 200, headers: {}, body }));
          const expected = shift(whole + fraction, (exponent ?? 0) - fraction.length);
          expect(canonical(toInvoice(null)(wire).payment!.amount!)).toBe(expected);
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
    ['error.401.unauthorized', 'Unauthorized', 401, 'authorization'],
    ['error.400.authorization', 'Unauthorized', 400, 'authorization'],
    ['error.403.bad-token', 'Unauthorized', 403, 'detail'],
    ['error.403.bad-padding', 'Unauthorized', 403, 'detail'],
    ['error.400.validation', 'Rejected', 400, null],
    ['error.400.cancel-not-created', 'Rejected', 400, 'validate_error'],
  ] as const)('maps %s to %s', (name, tag, status, code) => {
    const error = expectLeftTag(classifyResponse(NOW)(reply(name)), tag);
    expect(error).toMatchObject({ status, code });
  });

  it('maps a 200 detail body to Unauthorized whatever the code', () => {
    const error = expectLeftTag(
      classifyResponse(NOW)({ status: 200, headers: {}, body: '{"detail":"Signature verification failed"}' }),
      'Unauthorized',
    );
    expect(error.message).toContain('Signature verification failed');
  });

  it('maps 5xx, 429 and non-JSON', () => {
    expectLeftTag(classifyResponse(NOW)(reply('error.500')), 'ProviderUnavailable');
    expect(
      expectLeftTag(
        classifyResponse(NOW)({ status: 429, headers: { 'retry-after': '3' }, body: '' }),
        'RateLimited',
      ).retryAfterMs,
    ).toBe(3000);
    expectLeftTag(classifyResponse(NOW)({ status: 200, headers: {}, body: 'oops' }), 'UnexpectedResponse');
    expectLeftTag(classifyResponse(NOW)({ status: 404, headers: {}, body: '{"x":1}' }), 'UnexpectedResponse');
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

  it('keeps the documented Rejected message readable', () => {
    const error = expectLeftTag(classifyResponse(NOW)(reply('error.400.validation')), 'Rejected');
    expect(error.fields).toEqual({ amount: 'Minimum amount: 1 USD' });
    expect(error.message).toContain('amount: Minimum amount: 1 USD');
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

const parseLossless = (text: string): unknown => {
  const parsed = parseJsonLossless(text);
  return parsed._tag === 'Right' ? parsed.right : null;
};

it('serializes fixture bodies losslessly (fixture sanity)', () => {
  expect(stringifyJson(fixture('create.response'))).toMatch(/"fee":1\.499999996212864e-0?6,/);
});
