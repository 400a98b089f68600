import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { type CreateInvoiceRequest, type InvoiceError } from '@invoicekit/core';
import { parseJsonLossless, serializeRequest } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { COINSPAID_PRESETS, type CoinspaidPreset } from '../src';
import { CoinspaidInvoiceRequest } from '../src/codecs';
import { toWireInvoiceRequest, validateInvoiceRequest } from '../src/request';
import { DOCUMENTED_SENDER, fixtures, makeConfig, fullRequest, openApiProblems } from './support';

const serialize = (
  preset: CoinspaidPreset,
  request: unknown,
  configOverrides: Record<string, unknown> = {},
): E.Either<InvoiceError, string> => {
  const config = makeConfig(preset, configOverrides);
  return pipe(
    validateInvoiceRequest(preset)(request),
    E.flatMap(toWireInvoiceRequest(config)),
    E.map((wire) => serializeRequest(CoinspaidInvoiceRequest)(wire).body),
  );
};

const wireBody = (preset: CoinspaidPreset, request: unknown, configOverrides: Record<string, unknown> = {}) =>
  JSON.parse(expectRight(serialize(preset, request, configOverrides))) as Record<string, unknown>;

const minimal = (overrides: Partial<CreateInvoiceRequest> = {}): CreateInvoiceRequest => ({
  orderId: 'order-1',
  amount: '10',
  currency: 'EUR',
  title: 'Order 1',
  customer: { email: 'buyer@shop.example' },
  redirectUrls: { success: 'https://shop.example/success', failure: 'https://shop.example/failed' },
  ...overrides,
});

describe('request mapping (canonical → POST /invoices/create)', () => {
  it('maps every field of a full request, in one exact body', () => {
    expect(expectRight(serialize('cryptoprocessing', fullRequest()))).toBe(
      '{"timer":false,"title":"Order 1001","currency":"EUR","amount":100.5,"foreign_id":"order-1001",' +
        '"url_success":"https://shop.example/success","url_failed":"https://shop.example/failed",' +
        '"email_user":"buyer@shop.example","description":"Two coffees","end_user_reference":"cust-77",' +
        '"sender_type":"natural","sender_data":{"first_name":"Friedrich","last_name":"Müller","date_of_birth":"1995-08-17"}}',
    );
  });

  it.each(COINSPAID_PRESETS)('%s: a full request validates against the seed-000 schema', (preset) => {
    expect(openApiProblems(expectRight(serialize(preset, fullRequest())), 'cryptoprocessing')).toEqual([]);
  });

  it('maps a legal sender and never sends the natural fields', () => {
    const body = wireBody('cryptoprocessing', {
      ...fullRequest(),
      customer: {
        reference: 'cust-1',
        email: 'ap@corp.example',
        sender: { type: 'legal', legalName: 'ACME GmbH', countryOfRegistration: 'DEU' },
      },
    });
    expect(body.sender_type).toBe('legal');
    expect(body.sender_data).toEqual({ legal_name: 'ACME GmbH', country_of_registration: 'DEU' });
  });

  it('refuses a sender that mixes both kinds’ fields instead of sending either', () => {
    const request = fullRequest();
    const sender = { ...request.customer!.sender!, legalName: 'Stray Ltd', countryOfRegistration: 'GBR' };
    const error = expectLeftTag(
      serialize('cryptoprocessing', { ...request, customer: { ...request.customer, sender } }),
      'InvalidRequest',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'customer.sender.legalName',
      'customer.sender.countryOfRegistration',
    ]);
  });

  it('keeps the exact amount digits as a JSON number, in canonical form', () => {
    const cases: Array<[string | number, string]> = [
      ['12345678.12345678', '12345678.12345678'],
      ['123456789012345678901234567890.5', '123456789012345678901234567890.5'],
      ['100.50', '100.5'],
      ['100.00000000', '100'],
      ['0.00000001', '0.00000001'],
      ['007.5', '7.5'],
      [0.1, '0.1'],
      [1e-7, '0.0000001'],
      [100, '100'],
    ];
    for (const [amount, digits] of cases) {
      expect(expectRight(serialize('alphapo', minimal({ amount })))).toContain(`"amount":${digits},`);
    }
  });

  it.each<[string | number]>([[0.1 + 0.2], ['0.123456789'], ['1.000000001'], [1e-9], [0.123456789]])(
    'refuses the amount %p: more than 8 decimals is an InvalidRequest naming the limit, never rounded',
    (amount) => {
      const error = expectLeftTag(serialize('alphapo', minimal({ amount })), 'InvalidRequest');
      expect(error.issues).toEqual([
        { path: 'amount', message: expect.stringMatching(/alphapo accepts at most 8/) },
      ]);
      expect(error.message).toContain('at most 8');
    },
  );

  it('accepts 8 decimals, and trailing zeros beyond them (they change nothing)', () => {
    expect(expectRight(serialize('alphapo', minimal({ amount: '0.00000001' })))).toContain(
      '"amount":0.00000001,',
    );
    expect(expectRight(serialize('alphapo', minimal({ amount: '1.1234567800' })))).toContain(
      '"amount":1.12345678,',
    );
  });

  it('reproduces the documented request example from the equivalent canonical request', () => {
    const { _source, ...documented } = fixtures.entry('create.request.natural');
    expect(_source).toContain('docs.cryptoprocessing.com');
    const request: CreateInvoiceRequest = {
      orderId: 'test_foreign_id_0344',
      amount: 100,
      currency: 'EUR',
      title: 'Invoice Title',
      customer: { reference: '12345', email: 'email@example.com', sender: DOCUMENTED_SENDER },
      redirectUrls: { success: 'https://example.com/success', failure: 'https://example.com/failed' },
    };
    const sent = expectRight(serialize('cryptoprocessing', request));
    expect(expectRight(parseJsonLossless(sent))).toEqual(documented);
    expect(openApiProblems(sent, 'cryptoprocessing')).toEqual([]);
  });

  it('maps expiresInMinutes: absent → timer false, 15 → timer true', () => {
    expect(wireBody('alphapo', minimal()).timer).toBe(false);
    expect(wireBody('alphapo', minimal({ expiresInMinutes: 15 })).timer).toBe(true);
  });

  it.each([1, 14, 16, 30, 60, 1440])(
    'refuses expiresInMinutes %i, naming the one lifetime offered',
    (minutes) => {
      const error = expectLeftTag(
        serialize('alphapo', minimal({ expiresInMinutes: minutes })),
        'InvalidRequest',
      );
      expect(error.issues).toEqual([
        { path: 'expiresInMinutes', message: expect.stringContaining('15 minutes') },
      ]);
    },
  );

  it('sends payCurrency as sender_currency only with the timer', () => {
    expect(wireBody('alphapo', minimal({ payCurrency: 'BTC', expiresInMinutes: 15 })).sender_currency).toBe(
      'BTC',
    );
    const error = expectLeftTag(serialize('alphapo', minimal({ payCurrency: 'BTC' })), 'InvalidRequest');
    expect(error.issues).toEqual([{ path: 'payCurrency', message: expect.stringContaining('timer') }]);
    expect(error.message).toContain('expiresInMinutes: 15');
  });

  it('maps allowPartialPayment to type', () => {
    expect(wireBody('alphapo', minimal({ allowPartialPayment: true })).type).toBe('good_until_expired');
    expect(wireBody('alphapo', minimal({ allowPartialPayment: false })).type).toBe('fill_or_kill');
    expect('type' in wireBody('alphapo', minimal())).toBe(false);
  });

  it('refuses payCurrencies as Unsupported', () => {
    const error = expectLeftTag(
      serialize('coinspaid', minimal({ payCurrencies: ['BTC', 'ETH'] })),
      'Unsupported',
    );
    expect(error.feature).toBe('payCurrencies');
  });

  it('leaves description out when absent and sends it when given', () => {
    expect('description' in wireBody('alphapo', minimal())).toBe(false);
    expect(wireBody('alphapo', minimal({ description: 'Thanks' })).description).toBe('Thanks');
  });

  it('fills title, redirect URLs and e-mail from the configured defaults', () => {
    const defaults = {
      title: 'Shop order',
      redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/ko' },
      email: 'refunds@shop.example',
    };
    const body = wireBody('alphapo', { orderId: 'o-1', amount: '5', currency: 'EUR' }, { defaults });
    expect(body).toMatchObject({
      title: 'Shop order',
      url_success: 'https://shop.example/ok',
      url_failed: 'https://shop.example/ko',
      email_user: 'refunds@shop.example',
    });
    const own = wireBody('alphapo', minimal(), { defaults });
    expect(own).toMatchObject({
      title: 'Order 1',
      url_success: 'https://shop.example/success',
      email_user: 'buyer@shop.example',
    });
  });

  it('reports every missing required value at once, saying how to fix it', () => {
    const error = expectLeftTag(
      serialize('cryptoprocessing', { orderId: 'o-1', amount: '5', currency: 'EUR' }),
      'InvalidRequest',
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'title',
      'redirectUrls',
      'customer.email',
      'customer.reference',
      'customer.sender',
    ]);
    expect(error.issues.find((i) => i.path === 'title')?.message).toContain('defaults.title');
    expect(error.issues.find((i) => i.path === 'customer.reference')?.message).toMatch(
      /MiCA.*add customer\.reference/,
    );
    expect(error.issues.find((i) => i.path === 'customer.sender')?.message).toMatch(
      /MiCA.*add customer\.sender/,
    );
  });

  it('cryptoprocessing requires customer.reference and customer.sender (MiCA)', () => {
    const withoutSender = minimal({ customer: { email: 'b@shop.example', reference: 'c-1' } });
    const error = expectLeftTag(serialize('cryptoprocessing', withoutSender), 'InvalidRequest');
    expect(error.issues.map((i) => i.path)).toEqual(['customer.sender']);
  });

  it.each(['alphapo', 'coinspaid'] as const)('%s sends MiCA fields only when given', (preset) => {
    const bare = wireBody(preset, minimal());
    expect(Object.keys(bare)).not.toEqual(expect.arrayContaining(['end_user_reference']));
    expect('sender_type' in bare || 'sender_data' in bare).toBe(false);
    expect(openApiProblems(JSON.stringify(bare), preset)).toEqual([]);
    const full = wireBody(preset, fullRequest());
    expect(full).toMatchObject({ end_user_reference: 'cust-77', sender_type: 'natural' });
  });

  it('leaves core validation to core: bad input is an InvalidRequest before any mapping', () => {
    expectLeftTag(serialize('alphapo', { ...minimal(), amount: '-1' }), 'InvalidRequest');
    expectLeftTag(serialize('alphapo', { ...minimal(), title: 'x'.repeat(51) }), 'InvalidRequest');
    expectLeftTag(
      serialize('alphapo', { ...minimal(), redirectUrls: { success: 'http://1.2.3.4/', failure: 'x' } }),
      'InvalidRequest',
    );
  });
});
