import nock from 'nock';
import * as E from 'fp-ts/Either';
import { Invoice, InvoiceCancellation, type CreateInvoiceRequest, type InvoiceError } from '@invoicekit/core';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import type { BtcpayProvider } from '../src';
import { API_KEY, BASE_URL, fixtures, INVOICE_ID, makeProvider, PATHS, plain } from './helpers';

useNock();

const fullRequest = {
  orderId: 'ORDER-1001',
  amount: '100.00',
  currency: 'EUR',
  title: 'Order ORDER-1001',
  description: 'ignored: BTCPay has one item description',
  customer: { email: 'buyer@shop.example', reference: 'customer-77' },
  expiresInMinutes: 15,
  redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
};

type Run = (provider: BtcpayProvider) => Promise<E.Either<InvoiceError, unknown>>;

/** Each operation: its first request and a valid call. */
const OPERATIONS: ReadonlyArray<readonly [string, 'get' | 'post', string, Run]> = [
  ['createInvoice', 'post', PATHS.invoices, (p) => p.createInvoice(fullRequest)()],
  ['getInvoice', 'get', PATHS.invoice, (p) => p.getInvoice(INVOICE_ID)()],
  ['cancelInvoice', 'post', PATHS.status, (p) => p.cancelInvoice(INVOICE_ID)()],
  [
    'findInvoicesByOrderId',
    'get',
    `${PATHS.invoices}?orderId=ORDER-1001`,
    (p) => p.findInvoicesByOrderId('ORDER-1001')(),
  ],
];

/** The error bodies every operation maps, with the tag each becomes. */
const FAILURES: ReadonlyArray<readonly [string, InvoiceError['_tag']]> = [
  ['error.401.unauthenticated', 'Unauthorized'],
  ['error.403.missing-permission', 'Unauthorized'],
  ['error.422.create', 'Rejected'],
  ['error.422.mark-status', 'Rejected'],
];

const reply = (method: 'get' | 'post', path: string, status: number, body: string) => {
  let authorization: unknown;
  const scope = nock(BASE_URL)
    .intercept(path, method.toUpperCase())
    .reply(function answer() {
      authorization = this.req.headers.authorization;
      return [status, body, { 'Content-Type': 'application/json' }];
    });
  return { scope, authorization: () => authorization };
};

describe.each(OPERATIONS)('%s', (_name, method, path, run) => {
  it.each(FAILURES)('maps %s to %s, with the API key as `token`', async (name, tag) => {
    const { status, body } = fixtures.response(name);
    const stub = reply(method, path, status, body);
    const error = expectLeftTag(await run(makeProvider()), tag);
    stub.scope.done();
    expect(stub.authorization()).toBe(`token ${API_KEY}`);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('maps a 500 to ProviderUnavailable', async () => {
    const stub = reply(method, path, 500, '');
    expectLeftTag(await run(makeProvider()), 'ProviderUnavailable');
    stub.scope.done();
  });

  it('maps a malformed 200 to UnexpectedResponse', async () => {
    const stub = reply(method, path, 200, '{"id": 5}');
    expectLeftTag(await run(makeProvider()), 'UnexpectedResponse');
    stub.scope.done();
  });

  it.each([
    ['an empty body', ''],
    ['an HTML page', '<html>Not Found</html>'],
    ['a code that names no Greenfield resource', '{"code":"not-found","message":"Not found"}'],
  ])('says a 404 with %s means a wrong baseUrl', async (_label, body) => {
    const stub = reply(method, path, 404, body);
    expect(expectLeftTag(await run(makeProvider()), 'Rejected')).toEqual({
      _tag: 'Rejected',
      provider: 'btcpay',
      status: 404,
      code: 'wrong_base_url',
      fields: {},
      message:
        'btcpay answered HTTP 404 for an endpoint its API always has, so baseUrl does not point at that ' +
        "API: set baseUrl to your BTCPay Server's root, like https://your-btcpay.example, without /api/v1",
    });
    stub.scope.done();
  });
});

describe('errors', () => {
  it('keeps every field message of a validation array, answered 422 though the spec says 400', async () => {
    const { status, body } = fixtures.response('error.422.create');
    nock(BASE_URL).post(PATHS.invoices).reply(status, body);
    const error = expectLeftTag(await makeProvider().createInvoice(fullRequest)(), 'Rejected');
    expect(error).toMatchObject({
      status: 422,
      code: 'validation',
      fields: {
        amount: 'The amount should be 0 or more.',
        'checkout.expirationMinutes': 'Expiration time must be at least 30 seconds',
      },
    });
  });

  it('reads the documented 400 form of the same array', async () => {
    nock(BASE_URL).post(PATHS.invoices).reply(400, fixtures.response('error.422.create').body);
    expect(expectLeftTag(await makeProvider().createInvoice(fullRequest)(), 'Rejected').status).toBe(400);
  });

  it('maps invoice-not-found to NotFound', async () => {
    const { status, body } = fixtures.response('error.404.invoice-not-found');
    nock(BASE_URL).get(PATHS.invoice).reply(status, body);
    expectLeftTag(await makeProvider().getInvoice(INVOICE_ID)(), 'NotFound');
  });

  it('keeps the code and message of ProblemDetails', async () => {
    const { status, body } = fixtures.response('error.401.unauthenticated');
    nock(BASE_URL).get(PATHS.invoice).reply(status, body);
    const error = expectLeftTag(await makeProvider().getInvoice(INVOICE_ID)(), 'Unauthorized');
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toContain('Authentication is required for accessing this endpoint');
  });
});

describe('createInvoice', () => {
  it('sends amount as a decimal string, orderId in metadata and the checkout options it maps', async () => {
    let sent: unknown;
    nock(BASE_URL)
      .post(PATHS.invoices, (body) => ((sent = body), true))
      .reply(200, JSON.stringify(plain('invoice.new')));
    const invoice = expectRight(await makeProvider().createInvoice(fullRequest)());
    expect(sent).toEqual({
      amount: '100',
      currency: 'EUR',
      metadata: { orderId: 'ORDER-1001', itemDesc: 'Order ORDER-1001', buyerEmail: 'buyer@shop.example' },
      checkout: { expirationMinutes: 15, redirectURL: 'https://shop.example/paid' },
    });
    expect(invoice).toMatchObject({
      provider: 'btcpay',
      id: INVOICE_ID,
      orderId: 'ORDER-1001',
      status: 'pending',
      providerStatus: 'New',
      paymentUrl: `https://btcpay.shop.example/i/${INVOICE_ID}`,
      price: { amount: '100', currency: 'EUR' },
      payment: null,
      received: { amount: '0', currency: 'EUR' },
      remaining: { amount: '100', currency: 'EUR' },
      createdAt: new Date(1767225600 * 1000),
      expiresAt: new Date(1767226500 * 1000),
      testMode: false,
    });
    expect(Invoice.is(invoice)).toBe(true);
  });

  it('refuses allowPartialPayment: false, which BTCPay cannot honour, without a request', async () => {
    const error = expectLeftTag(
      await makeProvider().createInvoice({ ...fullRequest, allowPartialPayment: false })(),
      'Unsupported',
    );
    expect(error.feature).toBe('allowPartialPayment');
  });

  it.each<readonly [string, Partial<CreateInvoiceRequest>, string[]]>([
    ['payCurrency', { payCurrency: 'BTC' }, ['BTC-CHAIN', 'BTC-LN', 'BTC-LNURL']],
    [
      'payCurrencies',
      { payCurrencies: ['BTC', 'LTC'] },
      ['BTC-CHAIN', 'BTC-LN', 'BTC-LNURL', 'LTC-CHAIN', 'LTC-LN', 'LTC-LNURL'],
    ],
    [
      'payCurrency within payCurrencies',
      { payCurrencies: ['BTC', 'LTC'], payCurrency: 'LTC' },
      ['LTC-CHAIN', 'LTC-LN', 'LTC-LNURL'],
    ],
  ])('sends %s as the payment methods of that currency', async (_label, extra, methods) => {
    let sent: { checkout?: { paymentMethods?: string[] } } = {};
    nock(BASE_URL)
      .post(PATHS.invoices, (body) => ((sent = body), true))
      .reply(200, JSON.stringify(plain('invoice.new')));
    expectRight(await makeProvider().createInvoice({ ...fullRequest, ...extra })());
    expect(sent.checkout?.paymentMethods).toEqual(methods);
  });

  it('accepts allowPartialPayment: true, which is what BTCPay does anyway', async () => {
    nock(BASE_URL)
      .post(PATHS.invoices)
      .reply(200, JSON.stringify(plain('invoice.new')));
    expectRight(await makeProvider().createInvoice({ ...fullRequest, allowPartialPayment: true })());
  });
});

describe('getInvoice', () => {
  it('reads the invoice, then its payment methods for the pay-in details', async () => {
    nock(BASE_URL)
      .get(PATHS.invoice)
      .reply(200, JSON.stringify(plain('invoice.new.partial')));
    nock(BASE_URL)
      .get(PATHS.methods)
      .reply(200, JSON.stringify(plain('methods.partial')));
    const invoice = expectRight(await makeProvider().getInvoice(INVOICE_ID)());
    expect(invoice).toMatchObject({
      status: 'partially_paid',
      providerStatus: 'New/PaidPartial',
      payment: {
        currency: 'BTC',
        amount: '0.0015',
        address: 'bc1qexampledestination0000000000000000000000',
        tag: null,
        network: 'BTC-CHAIN',
      },
      received: { amount: '50', currency: 'EUR' },
      remaining: { amount: '0.00075', currency: 'BTC' },
    });
  });

  it('refuses an id that would change the request path, without a request', async () => {
    expectLeftTag(await makeProvider().getInvoice('../../stores')(), 'InvalidRequest');
  });
});

describe('cancelInvoice', () => {
  it('marks the invoice Invalid and reports it as BTCPay answers', async () => {
    let sent: unknown;
    nock(BASE_URL)
      .post(PATHS.status, (body) => ((sent = body), true))
      .reply(200, JSON.stringify(plain('invoice.invalid.marked')));
    const cancellation = expectRight(await makeProvider().cancelInvoice(INVOICE_ID)());
    expect(sent).toEqual({ status: 'Invalid' });
    expect(InvoiceCancellation.is(cancellation)).toBe(true);
    expect(cancellation).toMatchObject({
      provider: 'btcpay',
      id: INVOICE_ID,
      orderId: 'ORDER-1001',
      invoice: { status: 'cancelled', providerStatus: 'Invalid/Marked' },
    });
  });
});

describe('findInvoicesByOrderId', () => {
  it('lists the invoices of an order, and only those naming it exactly', async () => {
    const other = {
      ...(plain('invoice.new') as object),
      id: 'OtherInvoice1',
      metadata: { orderId: 'ORDER-10010' },
    };
    nock(BASE_URL)
      .get(PATHS.invoices)
      .query({ orderId: 'ORDER-1001' })
      .reply(200, JSON.stringify([plain('invoice.settled'), other]));
    const found = expectRight(await makeProvider().findInvoicesByOrderId('ORDER-1001')());
    expect(found.map((i) => [i.id, i.status])).toEqual([[INVOICE_ID, 'paid']]);
  });

  it('answers an empty list when the order has no invoice', async () => {
    nock(BASE_URL).get(PATHS.invoices).query({ orderId: 'lost-1' }).reply(200, '[]');
    expect(expectRight(await makeProvider().findInvoicesByOrderId('lost-1')())).toEqual([]);
  });

  it('refuses an empty order id without a request', async () => {
    expectLeftTag(await makeProvider().findInvoicesByOrderId(' ')(), 'InvalidRequest');
  });
});
