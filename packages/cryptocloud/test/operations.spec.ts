import nock from 'nock';
import * as E from 'fp-ts/Either';
import type { InvoiceError } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import type { CryptocloudProvider } from '../src';
import { API_KEY, SHOP_ID, makeProvider, plainFixture, responseFixture } from './helpers';
import { sentJson, stubPost } from './stubs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const CREATE = '/v2/invoice/create';
const INFO = '/v2/invoice/merchant/info';
const CANCEL = '/v2/invoice/merchant/canceled';
const LIST = '/v2/invoice/merchant/list';

const fullRequest = {
  orderId: 'ORDER_93223',
  amount: 100,
  currency: 'USD',
  customer: { email: 'email@example.com' },
  expiresInMinutes: 24 * 60,
  payCurrencies: ['USDT_TRC20', 'ETH', 'BTC'],
  payCurrency: 'ETH',
};

const paidInfo = () => responseFixture('info.response');
const withStatus = (name: string, status: string) => {
  const fixture = responseFixture(name);
  return { ...fixture, body: fixture.body.replace('"status":"paid"', `"status":"${status}"`) };
};

/** Failure fixtures every endpoint shares, with the error each must become. */
const FAILURES: ReadonlyArray<readonly [string, InvoiceError['_tag']]> = [
  ['error.401.unauthorized', 'Unauthorized'],
  ['error.400.authorization', 'Unauthorized'],
  ['error.403.bad-token', 'Unauthorized'],
  ['error.403.bad-padding', 'Unauthorized'],
  ['error.400.validation', 'Rejected'],
  ['error.500', 'ProviderUnavailable'],
  ['malformed.envelope', 'UnexpectedResponse'],
];

const OPERATIONS: ReadonlyArray<
  readonly [string, string, (p: CryptocloudProvider) => Promise<E.Either<InvoiceError, unknown>>]
> = [
  ['createInvoice', CREATE, (p) => p.createInvoice(fullRequest)()],
  ['getInvoice', INFO, (p) => p.getInvoice('INV-89UX09KA')()],
  ['cancelInvoice', CANCEL, (p) => p.cancelInvoice('INV-89UX09KA')()],
  [
    'listInvoices',
    LIST,
    (p) => p.listInvoices({ from: new Date('2026-01-01'), to: new Date('2026-01-31') })(),
  ],
];

describe.each(OPERATIONS)('%s failures', (_name, path, run) => {
  it.each(FAILURES)('maps %s to %s', async (fixtureName, tag) => {
    const { scope, captured } = stubPost(path, responseFixture(fixtureName));
    const result = await run(makeProvider());
    scope.done();
    expect(captured[0]?.headers.authorization).toBe(`Token ${API_KEY}`);
    const error = expectLeftTag(result, tag);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('maps 429 to RateLimited with Retry-After', async () => {
    const { scope } = stubPost(path, { status: 429, body: '' }, { 'Retry-After': '12' });
    const error = expectLeftTag(await run(makeProvider()), 'RateLimited');
    scope.done();
    expect(error.retryAfterMs).toBe(12_000);
  });

  it('maps 403 with an HTML body to Unauthorized', async () => {
    const { scope } = stubPost(path, { status: 403, body: '<html>Forbidden</html>' }, {});
    expect(expectLeftTag(await run(makeProvider()), 'Unauthorized').status).toBe(403);
    scope.done();
  });
});

it.each(OPERATIONS.filter(([name]) => name !== 'cancelInvoice'))(
  '%s maps a result with a malformed amount to UnexpectedResponse',
  async (name, path, run) => {
    const fixture = responseFixture('malformed.response');
    const body =
      name === 'createInvoice'
        ? fixture.body
        : fixture.body.replace('"result":{', '"result":[{').replace(/}}$/, '}]}');
    const { scope } = stubPost(path, { status: fixture.status, body });
    const error = expectLeftTag(await run(makeProvider()), 'UnexpectedResponse');
    scope.done();
    expect(error.issues.map((i) => i.path).join(' ')).toContain('amount_in_fiat');
  },
);

describe('createInvoice → POST /v2/invoice/create', () => {
  it('sends the documented body with Authorization: Token <key> and maps the documented response', async () => {
    const { scope, captured } = stubPost(CREATE, responseFixture('create.response'));
    const invoice = expectRight(await makeProvider().createInvoice(fullRequest)());
    scope.done();
    expect(captured).toHaveLength(1);
    expect(captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(captured[0]!.headers['content-type']).toBe('application/json');
    expect(sentJson(captured[0])).toEqual(plainFixture('create.request'));
    expect(invoice).toMatchObject({
      provider: 'cryptocloud',
      id: 'INV-89UX09KA',
      orderId: 'ORDER_93223',
      status: 'created',
      providerStatus: 'created',
      paymentUrl: 'https://pay.cryptocloud.plus/89UX09KA',
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
    });
  });

  it.each(['12345678.123456789', '0.00000001', '100.10', '98765432109876543210.000000000000000001'])(
    'sends amount %s as a JSON number with exactly those digits',
    async (amount) => {
      const { scope, captured } = stubPost(CREATE, responseFixture('create.response'));
      await makeProvider().createInvoice({ orderId: 'o-1', amount, currency: 'EUR' })();
      scope.done();
      expect(captured[0]!.body).toContain(`"amount":${amount},`);
    },
  );

  it('puts optional parameters only inside add_fields and drops fields CryptoCloud has no slot for', async () => {
    const { scope, captured } = stubPost(CREATE, responseFixture('create.response'));
    await makeProvider().createInvoice({
      ...fullRequest,
      expiresInMinutes: 90,
      title: 'Order 1',
      description: 'Two books',
      redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/fail' },
      customer: { email: 'email@example.com', reference: 'cust-1' },
    })();
    scope.done();
    const sent = sentJson(captured[0]) as Record<string, unknown>;
    expect(Object.keys(sent).sort()).toEqual([
      'add_fields',
      'amount',
      'currency',
      'email',
      'order_id',
      'shop_id',
    ]);
    expect(sent.add_fields).toEqual({
      time_to_pay: { hours: '1', minutes: '30' },
      available_currencies: ['USDT_TRC20', 'ETH', 'BTC'],
      cryptocurrency: 'ETH',
    });
    expect(captured[0]!.body).not.toMatch(/Order 1|Two books|shop\.example|cust-1/);
  });

  it('sends no add_fields and no email when the request has none', async () => {
    const { scope, captured } = stubPost(CREATE, responseFixture('create.response'));
    await makeProvider().createInvoice({ orderId: 'o-2', amount: '5', currency: 'USD' })();
    scope.done();
    expect(sentJson(captured[0])).toEqual({
      shop_id: SHOP_ID,
      amount: '5',
      currency: 'USD',
      order_id: 'o-2',
    });
  });

  it('reads order_id from the response when it carries one', async () => {
    const body = responseFixture('create.response').body.replace('"uuid"', '"order_id":"FROM-API","uuid"');
    const { scope } = stubPost(CREATE, { status: 200, body });
    const invoice = expectRight(await makeProvider().createInvoice(fullRequest)());
    scope.done();
    expect(invoice.orderId).toBe('FROM-API');
  });

  it('keeps the validation message of an error envelope as Rejected fields', async () => {
    const { scope } = stubPost(CREATE, responseFixture('error.400.validation'));
    const error = expectLeftTag(await makeProvider().createInvoice(fullRequest)(), 'Rejected');
    scope.done();
    expect(error).toMatchObject({ status: 400, code: null, fields: { amount: 'Minimum amount: 1 USD' } });
  });

  it.each([
    ['a fiat currency CryptoCloud lacks', { currency: 'CHF' }, 'currency', 'USD, UZS'],
    [
      'an undocumented pay currency',
      { payCurrency: 'DOGE', payCurrencies: undefined },
      'payCurrency',
      'USDT_TRC20',
    ],
    [
      'an undocumented currency in payCurrencies',
      { payCurrencies: ['BTC', 'XMR'] },
      'payCurrencies.1',
      'TRUMP_SOL',
    ],
  ])(
    'refuses %s as InvalidRequest naming the documented codes, without a request',
    async (_l, change, path, named) => {
      const error = expectLeftTag(
        await makeProvider().createInvoice({ ...fullRequest, ...change })(),
        'InvalidRequest',
      );
      const issue = error.issues.find((i) => i.path === path);
      expect(issue?.message).toContain(named);
    },
  );

  it('refuses allowPartialPayment as Unsupported without a request', async () => {
    const error = expectLeftTag(
      await makeProvider().createInvoice({ ...fullRequest, allowPartialPayment: true })(),
      'Unsupported',
    );
    expect(error.feature).toBe('allowPartialPayment');
  });
});

describe('getInvoice → POST /v2/invoice/merchant/info', () => {
  it.each(['INV-89UX09KA', '89UX09KA'])('asks for {uuids:["INV-89UX09KA"]} given %s', async (id) => {
    const { scope, captured } = stubPost(INFO, paidInfo());
    const invoice = expectRight(await makeProvider().getInvoice(id)());
    scope.done();
    expect(captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(sentJson(captured[0])).toEqual(plainFixture('info.request'));
    expect(invoice).toMatchObject({
      id: 'INV-89UX09KA',
      orderId: 'ORDER_93223',
      status: 'paid',
      providerStatus: 'paid',
    });
  });

  it('answers NotFound when CryptoCloud returns no matching invoice', async () => {
    const { scope } = stubPost(INFO, responseFixture('info.response.empty'));
    expectLeftTag(await makeProvider().getInvoice('INV-NOPE0000')(), 'NotFound');
    scope.done();
  });

  it('answers NotFound when the result names only other invoices', async () => {
    const { scope } = stubPost(INFO, paidInfo());
    expectLeftTag(await makeProvider().getInvoice('INV-OTHER000')(), 'NotFound');
    scope.done();
  });

  it.each(['', '   ', 'INV-', 'a b', 'x'.repeat(65)])('refuses the id %j without a request', async (id) => {
    expectLeftTag(await makeProvider().getInvoice(id)(), 'InvalidRequest');
  });
});

describe('cancelInvoice → POST /v2/invoice/merchant/canceled', () => {
  it('cancels with {uuid} and returns the invoice as merchant/info now reports it', async () => {
    const cancel = stubPost(CANCEL, responseFixture('cancel.response'));
    const info = stubPost(INFO, withStatus('info.response', 'canceled'));
    const invoice = expectRight(await makeProvider().cancelInvoice('89UX09KA')());
    cancel.scope.done();
    info.scope.done();
    expect(sentJson(cancel.captured[0])).toEqual(plainFixture('cancel.request'));
    expect(cancel.captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(sentJson(info.captured[0])).toEqual(plainFixture('info.request'));
    expect(invoice).toMatchObject({ id: 'INV-89UX09KA', status: 'cancelled', providerStatus: 'canceled' });
  });

  it('maps "Invoice is not created" to Rejected and makes no info call', async () => {
    const { scope } = stubPost(CANCEL, responseFixture('error.400.cancel-not-created'));
    const error = expectLeftTag(await makeProvider().cancelInvoice('INV-89UX09KA')(), 'Rejected');
    scope.done();
    expect(error).toMatchObject({
      status: 400,
      code: 'validate_error',
      fields: { validate_error: 'Invoice is not created' },
    });
    expect(error.message).toContain('Invoice is not created');
  });

  it('passes on the failure of the follow-up info call', async () => {
    const cancel = stubPost(CANCEL, responseFixture('cancel.response'));
    const info = stubPost(INFO, responseFixture('error.500'));
    expectLeftTag(await makeProvider().cancelInvoice('INV-89UX09KA')(), 'ProviderUnavailable');
    cancel.scope.done();
    info.scope.done();
  });
});

describe('listInvoices → POST /v2/invoice/merchant/list', () => {
  it('sends dd.mm.yyyy dates with offset and limit and maps every invoice', async () => {
    const { scope, captured } = stubPost(LIST, responseFixture('list.response'));
    const invoices = expectRight(
      await makeProvider().listInvoices({
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2026-01-31T23:59:59Z'),
      })(),
    );
    scope.done();
    expect(captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(sentJson(captured[0])).toEqual(plainFixture('list.request'));
    expect(invoices.map((i) => [i.id, i.status, i.providerStatus, i.orderId])).toEqual([
      ['INV-89UX09KA', 'paid', 'paid', 'ORDER_93223'],
      ['INV-OPEN0001', 'created', 'created', 'ORDER_2'],
      ['INV-PART0001', 'partially_paid', 'partial', 'ORDER_3'],
      ['INV-WEIRD001', 'unknown', 'refunded', null],
    ]);
    expect(invoices[1]).toMatchObject({
      payment: null,
      price: { amount: '15.0', currency: 'EUR' },
      testMode: true,
    });
    expect(invoices[2]!.payment?.amount).toBe('0.00000149');
  });

  it('passes offset and limit through', async () => {
    const { scope, captured } = stubPost(LIST, responseFixture('list.response'));
    await makeProvider().listInvoices({
      from: new Date('2026-02-03'),
      to: new Date('2026-02-03'),
      offset: 20,
      limit: 100,
    })();
    scope.done();
    expect(sentJson(captured[0])).toEqual({
      start: '03.02.2026',
      end: '03.02.2026',
      offset: '20',
      limit: '100',
    });
  });

  it.each([
    ['limit above 100', { limit: 101 }, 'limit'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['a negative offset', { offset: -1 }, 'offset'],
    ['a fractional offset', { offset: 1.5 }, 'offset'],
    ['from after to', { from: new Date('2026-02-01') }, 'to'],
    ['an invalid date', { to: new Date('nope') }, 'to'],
  ])('refuses %s as InvalidRequest without a request', async (_label, change, path) => {
    const query = { from: new Date('2026-01-01'), to: new Date('2026-01-31'), ...change };
    const error = expectLeftTag(await makeProvider().listInvoices(query)(), 'InvalidRequest');
    expect(error.issues.map((i) => i.path)).toContain(path);
  });

  it('is declared in capabilities', () => {
    expect(makeProvider().capabilities.operations.listInvoices).toBe(true);
  });
});

describe('garbage input', () => {
  it.each([undefined, null, 42, '', [], {}])('never throws and sends nothing for %j', async (input) => {
    const provider = makeProvider();
    const loose = provider as unknown as Record<
      string,
      (i: unknown) => () => Promise<E.Either<InvoiceError, unknown>>
    >;
    for (const operation of ['createInvoice', 'getInvoice', 'cancelInvoice', 'listInvoices']) {
      const result = await loose[operation]!(input)();
      expect(E.isLeft(result) && result.left._tag).toBe('InvalidRequest');
    }
  });
});

describe('a custom transport that breaks its contract', () => {
  it('yields NetworkError ETRANSPORT instead of a rejected promise', async () => {
    const throwing = () => () => Promise.reject(new Error('socket exploded'));
    const result = await makeProvider({}, { transport: throwing }).getInvoice('INV-89UX09KA')();
    expect(expectLeftTag(result, 'NetworkError').code).toBe('ETRANSPORT');
  });
});
