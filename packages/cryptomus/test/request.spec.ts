import * as E from 'fp-ts/Either';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { decodeCryptomusConfig } from '../src';
import {
  serializeListRequest,
  toWireInvoiceRequest,
  validateInvoiceRef,
  validateInvoiceRequest,
  validateListQuery,
} from '../src/request';
import { API_KEY, MERCHANT } from './helpers';

const config = (extra: Record<string, unknown> = {}) =>
  expectRight(decodeCryptomusConfig({ provider: 'heleket', shopId: MERCHANT, apiKey: API_KEY, ...extra }));

const valid = (input: unknown) => expectRight(validateInvoiceRequest('heleket')(input));

describe('toWireInvoiceRequest', () => {
  it('maps every canonical field that has a slot, amount as the documented string', () => {
    const wire = toWireInvoiceRequest(config({ callbackUrl: 'https://shop.example/hooks/heleket' }))(
      valid({
        orderId: 'order_42-a',
        amount: 10.28,
        currency: 'USD',
        expiresInMinutes: 60,
        payCurrency: 'BTC',
        payCurrencies: ['BTC', 'USDT'],
        allowPartialPayment: false,
        redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/cart' },
        title: 'ignored',
      }),
    );
    expect(wire).toEqual({
      amount: '10.28',
      currency: 'USD',
      order_id: 'order_42-a',
      lifetime: 3600,
      url_callback: 'https://shop.example/hooks/heleket',
      url_return: 'https://shop.example/cart',
      url_success: 'https://shop.example/paid',
      to_currency: 'BTC',
      currencies: [{ currency: 'BTC' }, { currency: 'USDT' }],
      is_payment_multiple: false,
    });
  });

  it('sends only the required fields for a minimal request (the provider defaults the rest)', () => {
    expect(
      toWireInvoiceRequest(config())(valid({ orderId: 'a', amount: '0.00000001', currency: 'BTC' })),
    ).toEqual({
      amount: '0.00000001',
      currency: 'BTC',
      order_id: 'a',
    });
  });
});

describe('validateInvoiceRequest', () => {
  it.each([
    ['an order id with a space', { orderId: 'order 1' }, 'orderId'],
    ['an order id of 129 characters', { orderId: 'a'.repeat(129) }, 'orderId'],
    ['a lifetime under 5 minutes', { expiresInMinutes: 4 }, 'expiresInMinutes'],
    ['a lifetime over 720 minutes', { expiresInMinutes: 721 }, 'expiresInMinutes'],
    ['nine fraction digits', { amount: '1.123456789' }, 'amount'],
    [
      'a redirect URL over 255 characters',
      { redirectUrls: { success: `https://a.example/${'x'.repeat(250)}`, failure: 'https://a.example/f' } },
      'redirectUrls.success',
    ],
  ])('refuses %s', (_label, change, path) => {
    const result = validateInvoiceRequest('cryptomus')({
      orderId: 'o-1',
      amount: '1',
      currency: 'USD',
      ...change,
    });
    expect(expectLeftTag(result, 'InvalidRequest').issues.map((i) => i.path)).toContain(path);
  });

  it('accepts the documented bounds', () => {
    for (const minutes of [5, 720]) {
      expect(
        E.isRight(
          validateInvoiceRequest('cryptomus')({
            orderId: 'o',
            amount: '1',
            currency: 'USD',
            expiresInMinutes: minutes,
          }),
        ),
      ).toBe(true);
    }
  });
});

describe('refs and list queries', () => {
  it('refuses a ref that is not a uuid-like text', () => {
    expectLeftTag(validateInvoiceRef('cryptomus')('../payment/list'), 'InvalidRequest');
    expect(
      expectRight(
        validateInvoiceRef('cryptomus')({ id: 'e1bf6e4a-4465-40b4-849e-60dfe7bced49', orderId: 'x' }),
      ),
    ).toEqual({
      id: 'e1bf6e4a-4465-40b4-849e-60dfe7bced49',
      orderId: 'x',
    });
  });

  it('writes the period in UTC+3 without a zone and keeps the cursor out of the body', () => {
    const target = expectRight(
      validateListQuery('cryptomus')({
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2026-01-31T21:00:00Z'),
        cursor: 'eyJpZCI6MX0',
      }),
    );
    expect(target).toEqual({
      date_from: '2026-01-01 03:00:00',
      date_to: '2026-02-01 00:00:00',
      cursor: 'eyJpZCI6MX0',
    });
    expect(serializeListRequest(target).body).toBe(
      '{"date_from":"2026-01-01 03:00:00","date_to":"2026-02-01 00:00:00"}',
    );
  });

  it('sends and signs the empty body for a query without a period, as the request-format page says', () => {
    expect(serializeListRequest(expectRight(validateListQuery('cryptomus')(undefined))).body).toBe('');
    expect(serializeListRequest(expectRight(validateListQuery('cryptomus')({ cursor: 'abc' }))).body).toBe(
      '',
    );
  });

  it.each([
    ['from after to', { from: new Date('2026-02-01'), to: new Date('2026-01-01') }, 'to'],
    ['an invalid date', { from: new Date('nope') }, 'from'],
    ['a cursor with a slash', { cursor: 'a/b' }, 'cursor'],
    ['an unknown field', { limit: 5 }, 'limit'],
  ])('refuses %s', (_label, query, path) => {
    expect(
      expectLeftTag(validateListQuery('cryptomus')(query), 'InvalidRequest').issues.map((i) => i.path),
    ).toContain(path);
  });
});
