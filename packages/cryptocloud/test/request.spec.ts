import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { parseJsonLossless, plainJson, serializeRequest } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { bareInvoiceId, CryptocloudInvoiceRequest, invoiceUuid, sameInvoice } from '../src/codecs';
import { CRYPTOCLOUD_CRYPTO_CURRENCIES, CRYPTOCLOUD_FIAT_CURRENCIES } from '../src/currencies';
import {
  CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS,
  validateInvoiceRequest,
  toWireInvoiceRequest,
  toTimeToPay,
  validateInvoiceRef,
  toWireInfoRequest,
  toWireCancelRequest,
  validateListQuery,
  toWireListRequest,
  toListDate,
} from '../src/request';
import { plain } from './helpers';

const SHOP = 'xBAivfPIbskwuEWj';
const wireBody = (request: unknown) =>
  serializeRequest(CryptocloudInvoiceRequest)(
    toWireInvoiceRequest(SHOP)(expectRight(validateInvoiceRequest(request))),
  ).body;

describe('toWireInvoiceRequest', () => {
  it('maps the canonical request to the create body of the documented parameter examples', () => {
    const body = wireBody({
      orderId: 'ORDER_93223',
      amount: 100,
      currency: 'USD',
      customer: { email: 'email@gmail.com' },
      expiresInMinutes: 1440,
      payCurrencies: ['USDT_TRC20', 'ETH', 'BTC'],
      payCurrency: 'ETH',
    });
    expect(plainJson(expectRight(parseJsonLossless(body)))).toEqual(plain('create.request.full'));
  });

  it('sends the documented cURL body plus the order id for a minimal request', () => {
    const body = plainJson(
      expectRight(parseJsonLossless(wireBody({ orderId: 'ORDER_93223', amount: 100, currency: 'USD' }))),
    );
    expect(body).toEqual({ ...(plain('create.request') as object), order_id: 'ORDER_93223' });
  });

  it('keeps exactly the fields CryptoCloud documents at the top level', () => {
    const body = JSON.parse(
      wireBody({
        orderId: 'o',
        amount: '1',
        currency: 'EUR',
        title: 'T',
        description: 'D',
        customer: { reference: 'r', sender: { type: 'legal', legalName: 'L', countryOfRegistration: 'DEU' } },
        redirectUrls: { success: 'https://a.example/s', failure: 'https://a.example/f' },
      }),
    );
    expect(body).toEqual({ shop_id: SHOP, amount: 1, currency: 'EUR', order_id: 'o' });
  });

  it('writes any decimal amount with exactly its digits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9]\d{0,25}$/),
        fc.option(fc.stringMatching(/^\d?[1-9]$/), { nil: undefined }),
        (whole, fraction) => {
          const amount = fraction === undefined ? whole : `${whole}.${fraction}`;
          expect(wireBody({ orderId: 'o', amount, currency: 'USD' })).toContain(`"amount":${amount},`);
        },
      ),
    );
  });

  it.each([
    [1, { hours: 0, minutes: 1 }],
    [59, { hours: 0, minutes: 59 }],
    [60, { hours: 1, minutes: 0 }],
    [1441, { hours: 24, minutes: 1 }],
  ])('splits %i minutes into time_to_pay', (minutes, expected) => {
    expect(toTimeToPay(minutes)).toEqual(expected);
  });
});

describe('validateInvoiceRequest', () => {
  const valid = { orderId: 'o', amount: '10', currency: 'USD' };

  it("accepts at most 2 fraction digits, the documented fiat currencies' minor unit", () => {
    expect(CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS).toBe(2);
    expect(expectRight(validateInvoiceRequest({ ...valid, amount: '149.99' })).amount).toBe('149.99');
    expect(expectRight(validateInvoiceRequest({ ...valid, amount: '149.90000' })).amount).toBe('149.9');
  });

  it.each([
    ['0.1 + 0.2', 0.1 + 0.2, '17 digits'],
    ['a third fraction digit', '10.005', '3 digits'],
    ['a satoshi amount', '0.00000001', '8 digits'],
  ])('refuses %s as InvalidRequest naming the limit, never rounding it', (_label, amount, digits) => {
    const error = expectLeftTag(validateInvoiceRequest({ ...valid, amount }), 'InvalidRequest');
    expect(error.issues).toEqual([
      {
        path: 'amount',
        message: expect.stringContaining(`has ${digits} after the point; cryptocloud accepts at most 2`),
      },
    ]);
  });

  it('refuses any amount with more than 2 fraction digits', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{1,10}$/),
        fc.stringMatching(/^\d{2,12}[1-9]$/),
        (whole, fraction) => {
          expectLeftTag(
            validateInvoiceRequest({ ...valid, amount: `${whole}.${fraction}` }),
            'InvalidRequest',
          );
        },
      ),
    );
  });

  it('reads the request once: a getter that changes its answer is validated and sent as first read', () => {
    let reads = 0;
    const request = Object.defineProperty({ amount: '10', currency: 'USD' }, 'orderId', {
      enumerable: true,
      get: () => (reads++ === 0 ? 'order-1' : { not: 'a string' }),
    });
    const body = wireBody(request);
    expect(JSON.parse(body).order_id).toBe('order-1');
    expect(reads).toBe(1);
  });

  it.each(CRYPTOCLOUD_FIAT_CURRENCIES)('accepts the documented price currency %s', (currency) => {
    expectRight(validateInvoiceRequest({ ...valid, currency }));
  });

  it.each(CRYPTOCLOUD_CRYPTO_CURRENCIES)('accepts the documented pay currency %s', (payCurrency) => {
    expectRight(validateInvoiceRequest({ ...valid, payCurrency, payCurrencies: [payCurrency] }));
  });

  it('has 25 fiat and 40 crypto codes', () => {
    expect(CRYPTOCLOUD_FIAT_CURRENCIES).toHaveLength(25);
    expect(CRYPTOCLOUD_CRYPTO_CURRENCIES).toHaveLength(40);
  });

  it('refuses BTC as a price currency, naming the fiat list', () => {
    const error = expectLeftTag(validateInvoiceRequest({ ...valid, currency: 'BTC' }), 'InvalidRequest');
    expect(error.issues).toEqual([{ path: 'currency', message: expect.stringContaining('USD, UZS, KGS') }]);
  });

  it('refuses a payCurrency outside payCurrencies', () => {
    const error = expectLeftTag(
      validateInvoiceRequest({ ...valid, payCurrency: 'BTC', payCurrencies: ['ETH'] }),
      'InvalidRequest',
    );
    expect(error.issues).toEqual([
      { path: 'payCurrency', message: 'must be one of the currencies listed in payCurrencies' },
    ]);
  });

  it('refuses allowPartialPayment: true but accepts false', () => {
    expectLeftTag(validateInvoiceRequest({ ...valid, allowPartialPayment: true }), 'Unsupported');
    expectRight(validateInvoiceRequest({ ...valid, allowPartialPayment: false }));
  });

  it('reports core validation first', () => {
    expectLeftTag(
      validateInvoiceRequest({ ...valid, amount: '1e5', allowPartialPayment: true }),
      'InvalidRequest',
    );
  });
});

describe('validateInvoiceRef', () => {
  it.each([
    ['a uuid', 'INV-89UX09KA', { id: 'INV-89UX09KA', orderId: null }],
    ['a bare id', '89UX09KA', { id: '89UX09KA', orderId: null }],
    [
      'an Invoice-like object',
      { id: 'INV-89UX09KA', orderId: 'ORDER_93223' },
      { id: 'INV-89UX09KA', orderId: 'ORDER_93223' },
    ],
  ])('reads %s', (_label, ref, expected) => {
    expect(expectRight(validateInvoiceRef(ref))).toEqual(expected);
  });

  it.each(['', '   ', 'INV-', 'a b', 'x'.repeat(65), { id: 'a/b', orderId: null }, { orderId: 'o' }, 42])(
    'refuses %j',
    (ref) => {
      expectLeftTag(validateInvoiceRef(ref), 'InvalidRequest');
    },
  );
});

describe('invoice ids', () => {
  it('normalizes any id with or without INV- to the same uuid', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,20}$/), (code) => {
        expect(invoiceUuid(code)).toBe(`INV-${code}`);
        expect(invoiceUuid(`INV-${code}`)).toBe(`INV-${code}`);
        expect(bareInvoiceId(`INV-${code}`)).toBe(code);
        expect(sameInvoice(code, `INV-${code}`)).toBe(true);
        expect(toWireInfoRequest(code)).toEqual(toWireInfoRequest(`INV-${code}`));
        expect(toWireCancelRequest(code)).toEqual({ uuid: `INV-${code}` });
      }),
    );
  });

  it('tells different invoices apart', () => {
    expect(sameInvoice('INV-AAAA', 'AAAB')).toBe(false);
  });
});

describe('list queries', () => {
  it('formats any date as dd.mm.yyyy in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const [dd, mm, yyyy] = toListDate(date).split('.');
          expect(toListDate(date)).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
          expect(
            new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd))).toISOString().slice(0, 10),
          ).toBe(date.toISOString().slice(0, 10));
        },
      ),
    );
  });

  it('maps a query to the documented body with default offset and limit', () => {
    const query = expectRight(
      validateListQuery({ from: new Date('2026-01-01'), to: new Date('2026-01-31') }),
    );
    expect(toWireListRequest(query)).toEqual({
      start: '01.01.2026',
      end: '31.01.2026',
      offset: 0,
      limit: 10,
    });
  });

  it.each([
    [null],
    ['2026-01-01'],
    [{ from: '2026-01-01', to: new Date() }],
    [{ from: new Date('2026-01-02'), to: new Date('2026-01-01') }],
    [{ from: new Date('2026-01-01'), to: new Date('2026-01-02'), limit: 101 }],
  ])('refuses %j', (query) => {
    expect(E.isLeft(validateListQuery(query))).toBe(true);
  });

  it('refuses a query whose getter throws, never throwing itself', () => {
    const query = Object.defineProperty({ to: new Date('2026-01-31') }, 'from', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(expectLeftTag(validateListQuery(query), 'InvalidRequest').issues[0]?.path).toBe('from');
  });
});
