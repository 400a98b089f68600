import nock from 'nock';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { InvoiceCancellation, type InvoiceError } from '@invoicekit/core';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import {
  fixtures,
  plain,
  envelope,
  info2023Item,
  createdItem,
  makeProvider,
  API_KEY,
  SHOP_ID,
  BASE_URL,
  CREATED_INVOICE,
  INFO_2023_INVOICE,
} from './helpers';
import { CANCEL, CREATE, INFO, LIST, operationRows, sentJson, stubPost } from './stubs';

const http = useNock();

const fullRequest = {
  orderId: 'ORDER_93223',
  amount: 100,
  currency: 'USD',
  customer: { email: 'email@gmail.com' },
  expiresInMinutes: 24 * 60,
  payCurrencies: ['USDT_TRC20', 'ETH', 'BTC'],
  payCurrency: 'ETH',
};

/** The documented create result as merchant/info would report it after a cancel (documented status word). */
const canceledItem = () => ({ ...createdItem(), status: 'canceled' });

/** Failure fixtures every endpoint shares, with the error each must become. */
const FAILURES: ReadonlyArray<readonly [string, InvoiceError['_tag']]> = [
  ['error.400.authorization', 'Unauthorized'],
  ['error.401.authorization', 'Unauthorized'],
  ['error.detail.signature', 'Unauthorized'],
  ['error.detail.padding', 'Unauthorized'],
  ['error.400.validation', 'Rejected'],
  ['error.500', 'ProviderUnavailable'],
  ['malformed.envelope', 'UnexpectedResponse'],
];

const OPERATIONS = operationRows(fullRequest);

describe.each(OPERATIONS)('%s failures', (_name, path, run) => {
  it.each(FAILURES)('maps %s to %s', async (fixtureName, tag) => {
    const { scope, captured } = stubPost(path, fixtures.response(fixtureName));
    const result = await run(makeProvider());
    scope.done();
    expect(captured[0]?.headers.authorization).toBe(`Token ${API_KEY}`);
    const error = expectLeftTag(result, tag);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('maps 403 with an HTML body to Unauthorized', async () => {
    const { scope } = stubPost(path, { status: 403, body: '<html>Forbidden</html>' }, {});
    expect(expectLeftTag(await run(makeProvider()), 'Unauthorized').status).toBe(403);
    scope.done();
  });

  it.each([
    ['Django REST framework’s {"detail":"Not found."}', fixtures.response('error.404.detail')],
    ['an HTML page', { status: 404, body: '<html>Not Found</html>' }],
  ])('says a 404 with %s means a wrong baseUrl, not bad credentials', async (_label, answer) => {
    const { scope } = stubPost(path, answer);
    expect(expectLeftTag(await run(makeProvider()), 'Rejected')).toEqual({
      _tag: 'Rejected',
      provider: 'cryptocloud',
      status: 404,
      code: 'wrong_base_url',
      fields: {},
      message:
        'cryptocloud answered HTTP 404 for an endpoint its API always has, so baseUrl does not point at ' +
        'that API: set baseUrl to the API root, https://api.cryptocloud.plus (without /v2), or leave it out',
    });
    scope.done();
  });
});

it.each(OPERATIONS.filter(([name]) => name !== 'cancelInvoice'))(
  '%s maps a result with a malformed amount to UnexpectedResponse',
  async (name, path, run) => {
    const item = { ...createdItem(), amount_in_fiat: '1,5' };
    const { scope } = stubPost(path, envelope(name === 'createInvoice' ? item : [item]));
    const error = expectLeftTag(await run(makeProvider()), 'UnexpectedResponse');
    scope.done();
    expect(error.issues.map((i) => i.path).join(' ')).toContain('amount_in_fiat');
  },
);

describe('createInvoice → POST /v2/invoice/create', () => {
  it('sends the documented body with Authorization: Token <key> and maps the documented response', async () => {
    const { scope, captured } = stubPost(CREATE, fixtures.response('create.response'));
    const invoice = expectRight(await makeProvider().createInvoice(fullRequest)());
    scope.done();
    expect(captured).toHaveLength(1);
    expect(captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(captured[0]!.headers['content-type']).toBe('application/json');
    expect(sentJson(captured[0])).toEqual(plain('create.request.full'));
    expect(invoice).toMatchObject({ ...CREATED_INVOICE, orderId: 'ORDER_93223' });
  });

  it.each(['12345678.12', '0.01', '100.1', '98765432109876543210.99'])(
    'sends amount %s as a JSON number with exactly those digits',
    async (amount) => {
      const { scope, captured } = stubPost(CREATE, fixtures.response('create.response'));
      await makeProvider().createInvoice({ orderId: 'o-1', amount, currency: 'EUR' })();
      scope.done();
      expect(captured[0]!.body).toContain(`"amount":${amount},`);
    },
  );

  it.each([
    ['0.1 + 0.2', 0.1 + 0.2],
    ['8 fraction digits', '0.00000001'],
  ])('refuses %s as InvalidRequest naming the limit and sends nothing', async (_label, amount) => {
    const error = expectLeftTag(
      await makeProvider().createInvoice({ orderId: 'o-1', amount, currency: 'USD' })(),
      'InvalidRequest',
    );
    expect(error.message).toContain('accepts at most 2');
    expect(http.unmatched()).toBe(0);
  });

  it('puts optional parameters only inside add_fields and drops fields CryptoCloud has no slot for', async () => {
    const { scope, captured } = stubPost(CREATE, fixtures.response('create.response'));
    await makeProvider().createInvoice({
      ...fullRequest,
      expiresInMinutes: 90,
      title: 'Order 1',
      description: 'Two books',
      redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/fail' },
      customer: { email: 'email@gmail.com', reference: 'cust-1' },
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

  it('sends the documented minimal body plus the order id when the request has nothing else', async () => {
    const { scope, captured } = stubPost(CREATE, fixtures.response('create.response'));
    await makeProvider().createInvoice({ orderId: 'o-2', amount: 100, currency: 'USD' })();
    scope.done();
    expect(sentJson(captured[0])).toEqual({ ...(plain('create.request') as object), order_id: 'o-2' });
    expect((sentJson(captured[0]) as { shop_id: string }).shop_id).toBe(SHOP_ID);
  });

  it('reads order_id from the response when it carries one', async () => {
    const { scope } = stubPost(CREATE, envelope({ ...createdItem(), order_id: 'FROM-API' }));
    const invoice = expectRight(await makeProvider().createInvoice(fullRequest)());
    scope.done();
    expect(invoice.orderId).toBe('FROM-API');
  });

  it('keeps the field messages of an error envelope as Rejected fields', async () => {
    const { scope } = stubPost(CREATE, fixtures.response('error.400.validation'));
    const error = expectLeftTag(await makeProvider().createInvoice(fullRequest)(), 'Rejected');
    scope.done();
    expect(error).toMatchObject({
      status: 400,
      code: null,
      fields: { amount: 'synthetic: amount below the project minimum' },
    });
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
  it.each(['INV-XXXXXXXX', 'XXXXXXXX'])(
    'asks for the documented uuids body given %s and reads the 2023 item',
    async (id) => {
      const { scope, captured } = stubPost(INFO, fixtures.response('info.response.2023'));
      const invoice = expectRight(await makeProvider().getInvoice(id)());
      scope.done();
      expect(captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
      const documented = plain('info.request') as { uuids: string[] };
      expect(sentJson(captured[0])).toEqual({ uuids: [documented.uuids[0]] });
      expect(invoice).toMatchObject(INFO_2023_INVOICE);
    },
  );

  it('accepts the Invoice createInvoice returned and keeps its orderId when merchant/info names none', async () => {
    const created = stubPost(CREATE, fixtures.response('create.response'));
    const invoice = expectRight(await makeProvider().createInvoice(fullRequest)());
    created.scope.done();
    const { order_id: _none, ...withoutOrder } = { ...createdItem(), order_id: null };
    const info = stubPost(INFO, envelope([withoutOrder]));
    const read = expectRight(await makeProvider().getInvoice(invoice)());
    info.scope.done();
    expect(sentJson(info.captured[0])).toEqual({ uuids: ['INV-89UX09KA'] });
    expect(read).toMatchObject({ id: 'INV-89UX09KA', orderId: 'ORDER_93223' });
  });

  it('answers NotFound when CryptoCloud returns no matching invoice', async () => {
    const { scope } = stubPost(INFO, fixtures.response('info.response.empty'));
    expectLeftTag(await makeProvider().getInvoice('INV-NOPE0000')(), 'NotFound');
    scope.done();
  });

  it('answers NotFound when the result names only other invoices', async () => {
    const { scope } = stubPost(INFO, fixtures.response('info.response.2023'));
    expectLeftTag(await makeProvider().getInvoice('INV-89UX09KA')(), 'NotFound');
    scope.done();
  });

  it.each(['', '   ', 'INV-', 'a b', 'x'.repeat(65)])('refuses the id %j without a request', async (id) => {
    expectLeftTag(await makeProvider().getInvoice(id)(), 'InvalidRequest');
  });
});

describe('cancelInvoice → POST /v2/invoice/merchant/canceled', () => {
  it('sends the documented {uuid} body given a bare id', async () => {
    const cancel = stubPost(CANCEL, fixtures.response('cancel.response'));
    const info = stubPost(INFO, fixtures.response('info.response.2023'));
    const result = expectRight(await makeProvider().cancelInvoice('XXXXXXXX')());
    cancel.scope.done();
    info.scope.done();
    expect(sentJson(cancel.captured[0])).toEqual(plain('cancel.request'));
    expect(cancel.captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(result).toMatchObject({ provider: 'cryptocloud', id: 'INV-XXXXXXXX', orderId: '1111' });
  });

  it('answers the cancellation with the invoice as merchant/info now reports it', async () => {
    const cancel = stubPost(CANCEL, fixtures.response('cancel.response'));
    const info = stubPost(INFO, envelope([canceledItem()]));
    const result = expectRight(await makeProvider().cancelInvoice('89UX09KA')())!;
    cancel.scope.done();
    info.scope.done();
    expect(sentJson(info.captured[0])).toEqual({ uuids: ['INV-89UX09KA'] });
    expect(InvoiceCancellation.is(result)).toBe(true);
    expect(result).toMatchObject({
      provider: 'cryptocloud',
      id: 'INV-89UX09KA',
      orderId: null,
      invoice: { id: 'INV-89UX09KA', status: 'cancelled', providerStatus: 'canceled' },
    });
  });

  it.each([
    ['a 5xx', () => stubPost(INFO, fixtures.response('error.500'))],
    ['an undecodable body', () => stubPost(INFO, fixtures.response('malformed.envelope'))],
    ['no matching invoice', () => stubPost(INFO, fixtures.response('info.response.empty'))],
    [
      'a lost connection',
      () => ({
        scope: nock(BASE_URL)
          .post(INFO)
          .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })),
      }),
    ],
  ])(
    'never answers a failure once CryptoCloud accepted the cancel: %s on the re-read leaves invoice null',
    async (_label, stubInfo) => {
      const cancel = stubPost(CANCEL, fixtures.response('cancel.response'));
      const info = stubInfo();
      const result = await makeProvider().cancelInvoice({ id: 'INV-89UX09KA', orderId: 'ORDER_93223' })();
      cancel.scope.done();
      info.scope.done();
      expect(expectRight(result)).toEqual({
        provider: 'cryptocloud',
        id: 'INV-89UX09KA',
        orderId: 'ORDER_93223',
        invoice: null,
      });
    },
  );

  it.each(['cancel.error.not-created', 'cancel.error.uuid-required'])(
    'maps the documented refusal %s to Rejected with code validate_error and makes no info call',
    async (name) => {
      const { scope } = stubPost(CANCEL, fixtures.response(name));
      const error = expectLeftTag(await makeProvider().cancelInvoice('INV-89UX09KA')(), 'Rejected');
      scope.done();
      const documented = (plain(name) as { result: { validate_error: string } }).result.validate_error;
      expect(error).toMatchObject({
        status: 400,
        code: 'validate_error',
        fields: { validate_error: documented },
      });
      expect(error.message).toContain(documented);
    },
  );

  it('passes on the failure of the cancel call itself', async () => {
    const { scope } = stubPost(CANCEL, fixtures.response('error.500'));
    expectLeftTag(await makeProvider().cancelInvoice('INV-89UX09KA')(), 'ProviderUnavailable');
    scope.done();
  });
});

describe('listInvoices → POST /v2/invoice/merchant/list', () => {
  const listBody = () => envelope([info2023Item(), canceledItem()], { all_count: 2 });

  it('sends dd.mm.yyyy dates with offset and limit and maps invoices of every documented shape', async () => {
    const { scope, captured } = stubPost(LIST, listBody());
    const invoices = expectRight(
      await makeProvider().listInvoices({
        from: new Date('2026-01-01T00:00:00Z'),
        to: new Date('2026-01-31T23:59:59Z'),
      })(),
    );
    scope.done();
    expect(captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(sentJson(captured[0])).toEqual({
      start: '01.01.2026',
      end: '31.01.2026',
      offset: '0',
      limit: '10',
    });
    expect(invoices.map((i) => [i.id, i.status, i.providerStatus, i.orderId, i.price])).toEqual([
      ['INV-XXXXXXXX', 'overpaid', 'overpaid', '1111', { amount: '100.2', currency: 'USD' }],
      ['INV-89UX09KA', 'expired', 'canceled', null, { amount: '100', currency: 'USD' }],
    ]);
  });

  it('passes offset and limit through', async () => {
    const { scope, captured } = stubPost(LIST, listBody());
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

  it('yields NetworkError ETRANSPORT for a transport that throws before returning a task', async () => {
    const throwing = (): TE.TaskEither<InvoiceError, never> => {
      throw new Error('sync');
    };
    const result = await makeProvider({}, { transport: throwing }).getInvoice('INV-89UX09KA')();
    expect(expectLeftTag(result, 'NetworkError').code).toBe('ETRANSPORT');
  });
});
