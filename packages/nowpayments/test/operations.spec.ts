import nock from 'nock';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { API_KEY, BASE_URL, EMAIL, PASSWORD, fixtures, makeProvider } from './helpers';

useNock();

const api = () => nock(BASE_URL.replace(/\/v1$/, ''));
const reply = (name: string) => {
  const { status, body } = fixtures.response(name);
  return [status, body, { 'Content-Type': 'application/json' }] as const;
};

const request = {
  orderId: 'RGDBP-21314',
  amount: '1000',
  currency: 'USD',
  title: 'Apple Macbook Pro 2019 x 1',
  redirectUrls: { success: 'https://nowpayments.io', failure: 'https://nowpayments.io' },
};
const configured = { ipnCallbackUrl: 'https://nowpayments.io', fixedRate: true, feePaidByUser: false };

describe('createInvoice → POST /v1/invoice', () => {
  it('sends the documented request fields and reads the documented 201 answer', async () => {
    let sent: unknown;
    const scope = api()
      .post('/v1/invoice', (body) => ((sent = body), true))
      .matchHeader('x-api-key', API_KEY)
      .reply(...reply('invoice.create.response'));
    const invoice = expectRight(await makeProvider(configured).createInvoice(request)());
    scope.done();
    const documented = JSON.parse(fixtures.body('invoice.create.request')) as Record<string, unknown>;
    delete documented.partially_paid_url;
    expect(sent).toEqual(documented);
    expect(invoice).toMatchObject({
      provider: 'nowpayments',
      id: '4522625843',
      orderId: 'RGDBP-21314',
      status: 'created',
      providerStatus: 'created',
      paymentUrl: 'https://nowpayments.io/payment/?iid=4522625843',
      title: 'Apple Macbook Pro 2019 x 1',
      price: { amount: '1000', currency: 'USD' },
      payment: null,
      createdAt: new Date('2020-12-22T15:05:58.290Z'),
      expiresAt: null,
      testMode: false,
    });
  });

  it('writes the exact digits and lower-case tickers, the description before the title', async () => {
    let sent: unknown;
    const scope = api()
      .post('/v1/invoice', (body) => ((sent = body), true))
      .reply(...reply('invoice.create.response'));
    await makeProvider({ checkMinimum: false }).createInvoice({
      orderId: 'o-1',
      amount: '12345678.12',
      currency: 'EUR',
      payCurrency: 'USDTTRC20',
      title: 'short',
      description: 'long description',
      allowPartialPayment: true,
    })();
    scope.done();
    expect(sent).toEqual({
      price_amount: 12345678.12,
      price_currency: 'eur',
      pay_currency: 'usdttrc20',
      order_id: 'o-1',
      order_description: 'long description',
    });
  });

  it.each([
    ['payCurrencies', { payCurrencies: ['BTC', 'ETH'] }],
    ['expiresInMinutes', { expiresInMinutes: 30 }],
    ['allowPartialPayment', { allowPartialPayment: false }],
  ])('refuses %s as Unsupported without a request', async (feature, extra) => {
    const error = expectLeftTag(
      await makeProvider().createInvoice({ ...request, ...extra })(),
      'Unsupported',
    );
    expect(error.feature).toBe(feature);
  });

  it('maps the documented 403 to Unauthorized with its code', async () => {
    const scope = api()
      .post('/v1/invoice')
      .reply(...reply('error.403.invalid-api-key'));
    const error = expectLeftTag(await makeProvider().createInvoice(request)(), 'Unauthorized');
    scope.done();
    expect(error).toMatchObject({ status: 403, code: 'INVALID_API_KEY' });
  });

  it.each([
    [
      'error.400.subscription',
      'INVALID_REQUEST_PARAMS',
      'For email subscriptions, only fiat currencies are available in plan',
    ],
    ['error.400.amount-minimal', 'AMOUNT_MINIMAL_ERROR', 'amountTo is less than minimal'],
  ])('maps the 400 body %s to Rejected carrying NOWPayments’ own text', async (name, code, text) => {
    const scope = api()
      .post('/v1/invoice')
      .reply(...reply(name));
    const error = expectLeftTag(await makeProvider().createInvoice(request)(), 'Rejected');
    scope.done();
    expect(error).toMatchObject({ status: 400, code, fields: { message: text } });
    expect(error.message).toContain(text);
  });

  it.each([
    // Fastify's own 404 (fastify lib/fourOhFour.js), as a baseUrl without /v1 gets from a Fastify server.
    [
      'a framework route miss',
      '{"message":"Route POST:/invoice not found","error":"Not Found","statusCode":404}',
    ],
    [
      'a bare NOT_FOUND naming no resource',
      '{"status":false,"statusCode":404,"code":"NOT_FOUND","message":"Not found"}',
    ],
    ['an HTML page', '<html>Cannot POST /invoice</html>'],
  ])('says a 404 with %s means a wrong baseUrl', async (_label, body) => {
    const scope = api().post('/v1/invoice').reply(404, body);
    expect(expectLeftTag(await makeProvider().createInvoice(request)(), 'Rejected')).toEqual({
      _tag: 'Rejected',
      provider: 'nowpayments',
      status: 404,
      code: 'wrong_base_url',
      fields: {},
      message:
        'nowpayments answered HTTP 404 for an endpoint its API always has, so baseUrl does not point at ' +
        'that API: set baseUrl to the API root ending in /v1, like https://api.nowpayments.io/v1 ' +
        '(sandbox: https://api-sandbox.nowpayments.io/v1), or leave it out',
    });
    scope.done();
  });

  it('keeps a 404 that names what NOWPayments did not find as its own refusal', async () => {
    const body = '{"status":false,"statusCode":404,"code":"PAYMENT_NOT_FOUND","message":"Payment not found"}';
    const scope = api().get('/v1/payment/6249365965').reply(404, body);
    expect(expectLeftTag(await makeProvider().getPayment('6249365965')(), 'Rejected')).toMatchObject({
      code: 'PAYMENT_NOT_FOUND',
      message: 'nowpayments rejected the request: Payment not found',
    });
    scope.done();
  });

  it('maps a 500 to ProviderUnavailable and an answer without invoice_url to UnexpectedResponse', async () => {
    const scope = api()
      .post('/v1/invoice')
      .reply(500, 'Internal Server Error')
      .post('/v1/invoice')
      .reply(201, JSON.stringify({ id: '4522625843', price_amount: '1000', price_currency: 'usd' }));
    expectLeftTag(await makeProvider().createInvoice(request)(), 'ProviderUnavailable');
    const error = expectLeftTag(await makeProvider().createInvoice(request)(), 'UnexpectedResponse');
    scope.done();
    expect(error.issues.some((issue) => issue.path.includes('invoice_url'))).toBe(true);
  });
});

describe('the minimum amount, known before sending', () => {
  const minimum = () =>
    api()
      .get('/v1/min-amount')
      .query({
        currency_from: 'eth',
        fiat_equivalent: 'usd',
        is_fixed_rate: 'False',
        is_fee_paid_by_user: 'False',
      })
      .reply(...reply('min-amount.response'));

  it('refuses an amount under the documented fiat equivalent as InvalidRequest, without creating', async () => {
    const scope = minimum();
    const error = expectLeftTag(
      await makeProvider().createInvoice({ ...request, amount: '35.4', payCurrency: 'ETH' })(),
      'InvalidRequest',
    );
    scope.done();
    expect(error.issues[0]).toMatchObject({ path: 'amount' });
    expect(error.issues[0]!.message).toContain('35.40626584 USD');
  });

  it('creates at or above it, and asks once within a minute', async () => {
    const now = { time: Date.parse('2026-12-07T12:00:00Z') };
    const provider = makeProvider({}, { now: () => new Date(now.time) });
    const scope = minimum()
      .post('/v1/invoice')
      .times(2)
      .reply(...reply('invoice.create.response'));
    expectRight(await provider.createInvoice({ ...request, amount: '35.41', payCurrency: 'ETH' })());
    now.time += 59_000;
    expectRight(await provider.createInvoice({ ...request, amount: '36', payCurrency: 'ETH' })());
    scope.done();
  });

  it('leaves the decision to NOWPayments when the lookup fails or no pay currency is fixed', async () => {
    const scope = api()
      .get('/v1/min-amount')
      .query(true)
      .reply(503, 'down')
      .post('/v1/invoice')
      .times(2)
      .reply(...reply('invoice.create.response'));
    expectRight(await makeProvider().createInvoice({ ...request, amount: '1', payCurrency: 'ETH' })());
    expectRight(await makeProvider().createInvoice({ ...request, amount: '1' })());
    scope.done();
  });

  it('does not ask when checkMinimum is off', async () => {
    const scope = api()
      .post('/v1/invoice')
      .reply(...reply('invoice.create.response'));
    expectRight(
      await makeProvider({ checkMinimum: false }).createInvoice({ ...request, payCurrency: 'ETH' })(),
    );
    scope.done();
  });
});

describe('getInvoice → POST /v1/auth, GET /v1/payment/?invoiceId=', () => {
  const listQuery = {
    invoiceId: '6200264890',
    limit: '500',
    page: '0',
    sortBy: 'created_at',
    orderBy: 'asc',
  };

  it('reads the invoice from its own payment, never from the repeated deposit, with the JWT', async () => {
    let authBody: unknown;
    const scope = api()
      .post('/v1/auth', (body) => ((authBody = body), true))
      .reply(...reply('auth.response'))
      .get('/v1/payment/')
      .query(listQuery)
      .matchHeader('authorization', `Bearer ${fixtures.record('auth.response').token as string}`)
      .matchHeader('x-api-key', API_KEY)
      .reply(...reply('payment.list.response'));
    const provider = makeProvider({ email: EMAIL, password: PASSWORD });
    const invoice = expectRight(await provider.getInvoice({ id: '6200264890', orderId: 'o-7' })());
    scope.done();
    expect(authBody).toEqual({ email: EMAIL, password: PASSWORD });
    expect(invoice).toMatchObject({
      id: '6200264890',
      orderId: 'o-7',
      status: 'partially_paid',
      providerStatus: 'partially_paid',
      paymentUrl: 'https://nowpayments.io/payment/?iid=6200264890',
      price: { amount: '1', currency: 'USD' },
      payment: { currency: 'TRX', amount: '12.5', address: 'address', tag: null, network: null },
    });
    expect((invoice.raw as { payments: unknown[] }).payments).toHaveLength(2);
  });

  it('sends no Authorization without a dashboard login (the official JS SDK lists that way)', async () => {
    const scope = api()
      .get('/v1/payment/')
      .query(listQuery)
      .reply(function () {
        return this.req.headers.authorization === undefined
          ? [200, fixtures.body('payment.list.response')]
          : [500, 'unexpected Authorization'];
      });
    expectRight(await makeProvider().getInvoice('6200264890')());
    scope.done();
  });

  it('is NotFound, saying why, while no payment exists for the invoice', async () => {
    const scope = api()
      .get('/v1/payment/')
      .query(true)
      .reply(200, JSON.stringify({ data: [], limit: 500, page: 0, pagesCount: 0, total: 0 }));
    const error = expectLeftTag(await makeProvider().getInvoice('4522625843')(), 'NotFound');
    scope.done();
    expect(error.message).toContain('no payment');
  });

  it('maps a refused login to Unauthorized and never sends the list', async () => {
    const scope = api()
      .post('/v1/auth')
      .reply(...reply('error.403.invalid-api-key'));
    expectLeftTag(
      await makeProvider({ email: EMAIL, password: PASSWORD }).getInvoice('4522625843')(),
      'Unauthorized',
    );
    scope.done();
  });

  it.each(['INV-1', '45226x', ''])('refuses the id %j without a request', async (id) => {
    expectLeftTag(await makeProvider().getInvoice(id)(), 'InvalidRequest');
  });
});

describe('listPayments → GET /v1/payment/', () => {
  it('sends the documented paging, sorting, dates and filter and reads the page', async () => {
    const scope = api()
      .get('/v1/payment/')
      .query({
        limit: '2',
        page: '3',
        sortBy: 'payment_id',
        orderBy: 'desc',
        dateFrom: '2023-07-01T00:00:00.000Z',
        dateTo: '2023-08-01T00:00:00.000Z',
        invoiceId: '6200264890',
      })
      .reply(...reply('payment.list.response'));
    const page = expectRight(
      await makeProvider().listPayments({
        limit: 2,
        page: 3,
        sortBy: 'payment_id',
        orderBy: 'desc',
        dateFrom: new Date('2023-07-01'),
        dateTo: new Date('2023-08-01'),
        invoiceId: '6200264890',
      })(),
    );
    scope.done();
    expect(page).toMatchObject({ limit: 10, page: 0, pagesCount: 582, total: 5815 });
    expect(page.payments.map((p) => [p.paymentId, p.parentPaymentId, p.status, p.providerStatus])).toEqual([
      ['5592161154', null, 'partially_paid', 'partially_paid'],
      ['4526424492', '5592161154', 'partially_paid', 'finished'],
    ]);
    expect(page.payments[0]).toMatchObject({
      received: { amount: '10', currency: 'TRX' },
      remaining: { amount: '2.5', currency: 'TRX' },
    });
    expect(page.payments[1]).toMatchObject({ received: null, remaining: null });
  });

  it.each([{ limit: 501 }, { page: -1 }, { sortBy: 'nope' }, { invoiceId: 'abc' }, 'query'])(
    'refuses %j without a request',
    async (query) => {
      expectLeftTag(await makeProvider().listPayments(query as never)(), 'InvalidRequest');
    },
  );
});

describe('getPayment → GET /v1/payment/:payment_id', () => {
  it('reads the documented answer; 12 paid of 11.8 asked is overpaid', async () => {
    const scope = api()
      .get('/v1/payment/6249365965')
      .reply(...reply('payment.status.response'));
    const summary = expectRight(await makeProvider().getPayment('6249365965')());
    scope.done();
    expect(summary).toMatchObject({
      paymentId: '6249365965',
      invoiceId: null,
      status: 'overpaid',
      providerStatus: 'finished',
      price: { amount: '1', currency: 'USD' },
      received: { amount: '12', currency: 'TRX' },
      remaining: { amount: '0', currency: 'TRX' },
    });
  });

  it('refuses an id that is not digits without a request', async () => {
    expectLeftTag(await makeProvider().getPayment('../status')(), 'InvalidRequest');
  });
});

describe('cancelInvoice', () => {
  it('is Unsupported without a request, naming the source', async () => {
    const error = expectLeftTag(await makeProvider().cancelInvoice('4522625843')(), 'Unsupported');
    expect(error.feature).toBe('cancelInvoice');
    expect(error.message).toContain('no cancel endpoint');
  });
});
