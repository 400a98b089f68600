import { inspect } from 'node:util';
import * as fc from 'fast-check';
import nock from 'nock';
import * as E from 'fp-ts/Either';
import { jwtVerify, SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { InvoiceEvent, type WebhookRequest } from '@invoicekit/core';
import { isLosslessNumber, stringifyJson } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { signPostbackToken, type PostbackTokenClaim } from '../src';
import {
  fixtures,
  envelope,
  info2023Item,
  createdItem,
  jwtVector,
  makeProvider,
  API_KEY,
  SECRET_KEY,
  BASE_URL,
} from './helpers';
import { INFO, sentJson, stubPost } from './stubs';

const http = useNock();

const NOW = new Date('2026-01-27T09:10:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const provider = (overrides: Record<string, unknown> = {}) => makeProvider(overrides, { now: () => NOW });
const unconfirmed = (overrides: Record<string, unknown> = {}) =>
  provider({ confirmPostbacks: false, ...overrides });
const key = (secret: string) => new TextEncoder().encode(secret);

const sign = (
  claims: Record<string, unknown>,
  {
    secret = SECRET_KEY,
    alg = 'HS256',
    exp = nowSeconds + 300,
  }: { secret?: string; alg?: string; exp?: number | null } = {},
) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' });
  return (exp === null ? jwt : jwt.setExpirationTime(exp)).sign(key(secret));
};

/** The documented postbacks: the current page's field examples (no invoice_info) and the 2024 example. */
const POSTBACKS = {
  'postback.2026': { invoiceId: '89UX09KA', info: () => envelope([createdItem()]) },
  'postback.2024': { invoiceId: 'XXXXXXXX', info: () => fixtures.response('info.response.2023') },
} as const;
type PostbackName = keyof typeof POSTBACKS;

const asFormValue = (value: unknown): string =>
  typeof value === 'string' ? value : isLosslessNumber(value) ? value.toString() : stringifyJson(value);

/** A documented postback body with `token` added, as JSON. */
const jsonPostback = (
  name: PostbackName,
  token: string | undefined,
  extra: Record<string, unknown> = {},
): WebhookRequest => ({
  headers: { 'Content-Type': 'application/json' },
  body: stringifyJson({ ...fixtures.record(name), ...extra, ...(token === undefined ? {} : { token }) }),
});

/** A documented postback body with `token` added, form-encoded; `invoice_info` becomes a JSON string. */
const formPostback = (
  name: PostbackName,
  token: string,
  extra: Record<string, unknown> = {},
  contentType: string | undefined = 'application/x-www-form-urlencoded',
): WebhookRequest => ({
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  body: new URLSearchParams(
    Object.entries({ ...fixtures.record(name), ...extra, token }).map(([k, v]): [string, string] => [
      k,
      asFormValue(v),
    ]),
  ).toString(),
});

const claimFor = (invoiceId: string, form: PostbackTokenClaim) =>
  form === 'bare' ? invoiceId : form === 'prefixed' ? `INV-${invoiceId}` : form;

const documentedToken = (name: PostbackName, form: PostbackTokenClaim = 'bare') =>
  sign({ id: claimFor(POSTBACKS[name].invoiceId, form) });

const EXPECTED_CONFIRMED: Record<PostbackName, Record<string, unknown>> = {
  // merchant/info answers with the documented create result: still `created`, nothing paid.
  'postback.2026': {
    invoiceId: 'INV-89UX09KA',
    orderId: null,
    status: 'created',
    providerStatus: 'created',
    received: null,
    remaining: null,
    confirmed: true,
    testMode: false,
  },
  // merchant/info answers with the documented 2023 item: overpaid, 100.2 USDT_TRC20 received, order "1111".
  'postback.2024': {
    invoiceId: 'INV-XXXXXXXX',
    orderId: '1111',
    status: 'overpaid',
    providerStatus: 'overpaid',
    received: { amount: '100.2', currency: 'USDT_TRC20' },
    remaining: { amount: '0', currency: 'USDT_TRC20' },
    confirmed: true,
    testMode: false,
  },
};

describe('parseWebhook confirms every documented postback through merchant/info (the default)', () => {
  const cases = (['postback.2026', 'postback.2024'] as const).flatMap((name) =>
    (['json', 'form'] as const).flatMap((encoding) =>
      ([13, 'bare', 'prefixed'] as const).map((claim) => [name, encoding, claim] as const),
    ),
  );

  it.each(cases)('%s as %s with a %s token id', async (name, encoding, claim) => {
    const token = await documentedToken(name, claim);
    const request = encoding === 'json' ? jsonPostback(name, token) : formPostback(name, token);
    const { scope, captured } = stubPost(INFO, POSTBACKS[name].info());
    const event = expectRight(await provider().parseWebhook(request)());
    scope.done();
    expect(captured[0]!.headers.authorization).toBe(`Token ${API_KEY}`);
    expect(sentJson(captured[0])).toEqual({ uuids: [`INV-${POSTBACKS[name].invoiceId}`] });
    expect(InvoiceEvent.is(event)).toBe(true);
    expect(event).toMatchObject({
      provider: 'cryptocloud',
      failureReason: null,
      ...EXPECTED_CONFIRMED[name],
    });
    expect(JSON.stringify(event.raw)).not.toContain(token);
  });

  it('takes status, paid amount and order id from merchant/info, never from the unsigned body', async () => {
    const { scope } = stubPost(INFO, fixtures.response('info.response.2023'));
    const forged = jsonPostback('postback.2024', await documentedToken('postback.2024'), {
      amount_crypto: 100000,
      currency: 'BTC',
      order_id: 'someone-elses-order',
      status: 'success',
    });
    const event = expectRight(await provider().parseWebhook(forged)());
    scope.done();
    expect(event).toMatchObject({ orderId: '1111', received: { amount: '100.2', currency: 'USDT_TRC20' } });
  });

  it('reports the status merchant/info reports now, e.g. partial', async () => {
    const { scope } = stubPost(INFO, envelope([{ ...info2023Item(), status: 'partial' }]));
    const event = expectRight(
      await provider().parseWebhook(jsonPostback('postback.2024', await documentedToken('postback.2024')))(),
    );
    scope.done();
    expect(event).toMatchObject({ status: 'partially_paid', providerStatus: 'partial', confirmed: true });
  });

  it('keys the event on what CryptoCloud confirmed, so a re-sent postback gets the same dedupeKey', async () => {
    stubPost(INFO, fixtures.response('info.response.2023'));
    stubPost(INFO, fixtures.response('info.response.2023'));
    const first = expectRight(
      await provider().parseWebhook(jsonPostback('postback.2024', await documentedToken('postback.2024')))(),
    );
    const again = await sign({ id: 'XXXXXXXX', n: 2 }, { exp: nowSeconds + 200 });
    const second = expectRight(await provider().parseWebhook(formPostback('postback.2024', again))());
    expect(second.dedupeKey).toBe(first.dedupeKey);
    expect(first.dedupeKey).toBe('cryptocloud:INV-XXXXXXXX:overpaid:100.2');
  });

  it.each([
    ['a 5xx', () => fixtures.response('error.500'), 'ProviderUnavailable'],
    ['a refused API key', () => fixtures.response('error.400.authorization'), 'Unauthorized'],
    ['an undecodable answer', () => fixtures.response('malformed.envelope'), 'UnexpectedResponse'],
    ['an answer without that invoice', () => fixtures.response('info.response.empty'), 'NotFound'],
    ['an answer naming only other invoices', () => envelope([createdItem()]), 'NotFound'],
  ] as const)('answers ConfirmationFailed carrying the InvoiceError on %s', async (_label, answer, tag) => {
    const { scope } = stubPost(INFO, answer());
    const error = expectLeftTag(
      await provider().parseWebhook(jsonPostback('postback.2024', await documentedToken('postback.2024')))(),
      'ConfirmationFailed',
    );
    scope.done();
    expect(error.error._tag).toBe(tag);
    expect(error.message).toContain('could not be confirmed');
  });

  it('answers ConfirmationFailed on a lost connection', async () => {
    const scope = nock(BASE_URL)
      .post(INFO)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const error = expectLeftTag(
      await provider().parseWebhook(jsonPostback('postback.2026', await documentedToken('postback.2026')))(),
      'ConfirmationFailed',
    );
    scope.done();
    expect(error.error._tag).toBe('NetworkError');
  });

  it('refuses an invoice merchant/info reports in test mode unless allowTestMode', async () => {
    const testInvoice = () => envelope([{ ...info2023Item(), test_mode: true }]);
    const request = jsonPostback('postback.2024', await documentedToken('postback.2024'));
    stubPost(INFO, testInvoice());
    const refused = expectLeftTag(await provider().parseWebhook(request)(), 'UnsupportedEvent');
    expect(refused).toMatchObject({ eventType: 'test_mode' });
    expect(refused.message).toContain('allowTestMode');
    stubPost(INFO, testInvoice());
    expect(expectRight(await provider({ allowTestMode: true }).parseWebhook(request)())).toMatchObject({
      testMode: true,
      confirmed: true,
    });
  });

  it('takes an invoice merchant/info reports without test_mode for a test invoice', async () => {
    const { test_mode: _t, ...withoutTestMode } = info2023Item();
    const { scope } = stubPost(INFO, envelope([withoutTestMode]));
    expectLeftTag(
      await provider().parseWebhook(jsonPostback('postback.2024', await documentedToken('postback.2024')))(),
      'UnsupportedEvent',
    );
    scope.done();
  });
});

describe('parseWebhook refuses before asking CryptoCloud', () => {
  const refusals: ReadonlyArray<readonly [string, () => Promise<WebhookRequest>, string]> = [
    [
      'a token signed with another secret',
      async () => jsonPostback('postback.2026', await sign({ id: '89UX09KA' }, { secret: 'wrong-secret' })),
      'Webhook rejected: the token signature does not match the secret key: check secretKey ' +
        '(INVOICEKIT_SECRET_KEY), the SECRET KEY of the CryptoCloud project that sends these postbacks',
    ],
    [
      'an expired token',
      async () => jsonPostback('postback.2026', await sign({ id: '89UX09KA' }, { exp: nowSeconds - 61 })),
      'expired',
    ],
    [
      'a token without exp',
      async () => jsonPostback('postback.2026', await sign({ id: 13 }, { exp: null })),
      'exp',
    ],
    [
      'an alg:none token',
      async () =>
        jsonPostback(
          'postback.2026',
          new UnsecuredJWT({ id: 13 }).setExpirationTime(nowSeconds + 300).encode(),
        ),
      'HS256',
    ],
    [
      'an HS512 token',
      async () => jsonPostback('postback.2026', await sign({ id: 13 }, { alg: 'HS512' })),
      'HS256',
    ],
    [
      'a token naming another invoice, bare',
      async () => jsonPostback('postback.2026', await sign({ id: 'OTHER001' })),
      'another invoice',
    ],
    [
      'a token naming another invoice, prefixed',
      async () => formPostback('postback.2024', await sign({ id: 'INV-OTHER001' })),
      'another invoice',
    ],
    [
      'a numeric text id, which names no invoice of the body',
      async () => jsonPostback('postback.2026', await sign({ id: '13' })),
      'another invoice',
    ],
    [
      'invoice_info naming another invoice',
      async () =>
        jsonPostback('postback.2024', await sign({ id: 13 }), {
          invoice_info: {
            ...(fixtures.record('postback.2024').invoice_info as object),
            uuid: 'INV-OTHER001',
          },
        }),
      'another invoice',
    ],
    [
      'a token without an id claim',
      async () => jsonPostback('postback.2026', await sign({ uuid: 'INV-89UX09KA' })),
      'claim "id"',
    ],
    [
      'a fractional id claim',
      async () => jsonPostback('postback.2026', await sign({ id: 13.5 })),
      'claim "id"',
    ],
    ['a missing token', async () => jsonPostback('postback.2026', undefined), 'no token'],
    ['an empty token', async () => jsonPostback('postback.2026', ''), 'no token'],
    ['a garbage token', async () => jsonPostback('postback.2026', 'not.a.jwt'), 'token'],
    [
      'the published sample token (its header segment is corrupt)',
      async () => jsonPostback('postback.2026', fixtures.text('token.published', 'token')),
      'token',
    ],
    [
      'a form body with a wrong-secret token',
      async () => formPostback('postback.2026', await sign({ id: 13 }, { secret: 'x' })),
      'does not match',
    ],
    [
      'a JSON body that is not an object',
      async () => ({ headers: { 'content-type': 'application/json' }, body: '[1,2]' }),
      'no token',
    ],
    [
      'a JSON body that is not JSON',
      async () => ({ headers: { 'content-type': 'application/json' }, body: '{token' }),
      'no token',
    ],
  ];

  it.each(refusals)(
    'refuses %s as SignatureInvalid without leaking the token',
    async (_label, build, reason) => {
      const request = await build();
      const error = expectLeftTag(await provider().parseWebhook(request)(), 'SignatureInvalid');
      expect(error.message).toContain(reason);
      const token = /token=([^&]+)|"token":"([^"]+)"/.exec(String(request.body));
      const printed = `${JSON.stringify(error)} ${inspect(error, { depth: null })}`;
      if (token?.[1] ?? token?.[2])
        expect(printed).not.toContain(decodeURIComponent((token[1] ?? token[2])!));
      expect(printed).not.toContain(SECRET_KEY);
      expect(http.unmatched()).toBe(0);
    },
  );

  it('reads the published sample token as {"id":13,"exp":1631786426}', () => {
    expect(decodeJwt(fixtures.text('token.published', 'token'))).toEqual({ id: 13, exp: 1631786426 });
  });

  it('tells the user to configure secretKey when none is set', async () => {
    const error = expectLeftTag(
      await provider({ secretKey: undefined }).parseWebhook(
        jsonPostback('postback.2026', await documentedToken('postback.2026')),
      )(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('secretKey');
  });

  it.each([
    ['a malformed amount', { amount_crypto: '1,5' }],
    ['a negative amount', { amount_crypto: -1 }],
    ['invoice_info that is not JSON', { invoice_info: '{oops' }],
    ['an invoice_id that is no invoice id', { invoice_id: '89UX 09KA' }],
  ])(
    'answers a verified postback with %s as MalformedWebhook without asking CryptoCloud',
    async (_label, extra) => {
      const body = stringifyJson({
        ...fixtures.record('postback.2026'),
        ...extra,
        token: await sign({ id: 13 }),
      });
      expectLeftTag(await provider().parseWebhook({ headers: {}, body })(), 'MalformedWebhook');
    },
  );
});

describe('parseWebhook with confirmPostbacks: false', () => {
  const liveInfo = () => fixtures.record('postback.invoice_info.live');

  it('accepts a token naming the invoice, bare or prefixed, and says the event is unconfirmed', async () => {
    for (const claim of ['bare', 'prefixed'] as const) {
      const request = jsonPostback('postback.2026', await documentedToken('postback.2026', claim), {
        invoice_info: liveInfo(),
      });
      const event = expectRight(await unconfirmed().parseWebhook(request)());
      expect(event).toMatchObject({
        invoiceId: 'INV-89UX09KA',
        orderId: 'ORDER_93223',
        status: 'paid',
        providerStatus: 'paid',
        received: { amount: '0.000113', currency: 'BNB' },
        confirmed: false,
        testMode: false,
      });
    }
    expect(http.unmatched()).toBe(0);
  });

  it('reads invoice_info sent as a JSON string in a form postback', async () => {
    const request = formPostback('postback.2026', await documentedToken('postback.2026'), {
      invoice_info: { ...liveInfo(), status: 'overpaid' },
    });
    expect(expectRight(await unconfirmed().parseWebhook(request)())).toMatchObject({
      status: 'overpaid',
      providerStatus: 'overpaid',
      confirmed: false,
    });
  });

  it('refuses a numeric token id, which cannot be matched to the body, telling how to accept it', async () => {
    const error = expectLeftTag(
      await unconfirmed().parseWebhook(
        jsonPostback('postback.2026', await documentedToken('postback.2026', 13)),
      )(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('confirmPostbacks');
  });

  it.each([
    ["without invoice_info (the current page's fields)", 'postback.2026'],
    ['whose invoice_info has no test_mode (the 2024 example)', 'postback.2024'],
  ] as const)('takes a postback %s for a test: refused unless allowTestMode', async (_label, name) => {
    const token = await documentedToken(name);
    const refused = expectLeftTag(
      await unconfirmed().parseWebhook(jsonPostback(name, token))(),
      'UnsupportedEvent',
    );
    expect(refused.eventType).toBe('test_mode');
    expect(refused.message).toContain('invoice_info.test_mode');
    const event = expectRight(
      await unconfirmed({ allowTestMode: true }).parseWebhook(formPostback(name, token))(),
    );
    expect(event).toMatchObject({
      testMode: true,
      confirmed: false,
      invoiceId: `INV-${POSTBACKS[name].invoiceId}`,
    });
  });

  it('reads the 2024 example as sent when test postbacks are allowed', async () => {
    const event = expectRight(
      await unconfirmed({ allowTestMode: true }).parseWebhook(
        jsonPostback('postback.2024', await documentedToken('postback.2024')),
      )(),
    );
    expect(event).toMatchObject({
      invoiceId: 'INV-XXXXXXXX',
      orderId: 'order_id',
      status: 'overpaid',
      providerStatus: 'overpaid',
      received: { amount: '100', currency: 'USDT_TRC20' },
    });
    expect(JSON.stringify(event.raw)).not.toContain('"token"');
  });

  it('gives the same dedupeKey to the same delivery re-sent with a fresh token', async () => {
    const body = { invoice_info: liveInfo() };
    const first = expectRight(
      await unconfirmed().parseWebhook(
        jsonPostback('postback.2026', await documentedToken('postback.2026'), body),
      )(),
    );
    const again = await sign({ id: 'INV-89UX09KA', n: 2 }, { exp: nowSeconds + 200 });
    const second = expectRight(
      await unconfirmed().parseWebhook(formPostback('postback.2026', again, body))(),
    );
    expect(second.dedupeKey).toBe(first.dedupeKey);
    const partial = expectRight(
      await unconfirmed().parseWebhook(
        jsonPostback('postback.2026', again, { invoice_info: { ...liveInfo(), status: 'partial' } }),
      )(),
    );
    expect(partial.dedupeKey).not.toBe(first.dedupeKey);
  });

  it('accepts a token that expired within the 60 s clock tolerance', async () => {
    const token = await sign({ id: '89UX09KA' }, { exp: nowSeconds - 30 });
    expectRight(
      await unconfirmed().parseWebhook(jsonPostback('postback.2026', token, { invoice_info: liveInfo() }))(),
    );
  });

  it('verifies the synthetic jwtVector only with the clock set back', async () => {
    const body = (token: string) =>
      jsonPostback('postback.2026', token, {
        invoice_id: 'TEST0001',
        invoice_info: { ...liveInfo(), uuid: 'INV-TEST0001' },
      });
    const settings = { secretKey: jwtVector.secret, confirmPostbacks: false };
    const atNow = makeProvider(settings);
    expect(
      expectLeftTag(await atNow.parseWebhook(body(jwtVector.token))(), 'SignatureInvalid').message,
    ).toContain('expired');
    const setBack = makeProvider(settings, {
      now: () => new Date((Number(jwtVector.claims.exp) - 120) * 1000),
    });
    expect(expectRight(await setBack.parseWebhook(body(jwtVector.token))()).invoiceId).toBe('INV-TEST0001');
  });
});

describe('parseWebhook reads the body as sent', () => {
  it.each([
    [
      'JSON',
      async () => ({ ...jsonPostback('postback.2026', await documentedToken('postback.2026')), headers: {} }),
    ],
    [
      'form',
      async () => formPostback('postback.2026', await documentedToken('postback.2026'), {}, undefined),
    ],
    [
      'JSON as a Buffer',
      async () => ({
        headers: {},
        body: Buffer.from(
          jsonPostback('postback.2026', await documentedToken('postback.2026')).body as string,
        ),
      }),
    ],
  ])('sniffs a %s body without Content-Type', async (_label, build) => {
    const { scope } = stubPost(INFO, POSTBACKS['postback.2026'].info());
    expect(expectRight(await provider().parseWebhook(await build())()).invoiceId).toBe('INV-89UX09KA');
    scope.done();
  });

  it('answers any body with a Left and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.uint8Array().map((bytes) => Buffer.from(bytes)),
        ),
        fc.option(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'), {
          nil: undefined,
        }),
        async (body, contentType) => {
          const headers = contentType === undefined ? {} : { 'content-type': contentType };
          expect(E.isLeft(await provider().parseWebhook({ headers, body })())).toBe(true);
        },
      ),
    );
  });

  it.each([undefined, null, {}, { headers: {}, body: 5 }, { body: '{}' }])(
    'answers the request %j with SignatureInvalid',
    async (request) => {
      const result = await provider().parseWebhook(request as unknown as WebhookRequest)();
      expect(E.isLeft(result) && result.left._tag).toBe('SignatureInvalid');
    },
  );
});

describe('signPostbackToken', () => {
  it.each([
    ['bare by default', undefined, '89UX09KA'],
    ['bare', 'bare', '89UX09KA'],
    ['prefixed', 'prefixed', 'INV-89UX09KA'],
    ['a number', 13, 13],
  ] as const)(
    'signs HS256 {id, exp} with the id %s, which parseWebhook accepts',
    async (_label, claim, id) => {
      const token = await signPostbackToken('INV-89UX09KA', SECRET_KEY, {
        now: NOW,
        ...(claim === undefined ? {} : { claim }),
      });
      const { payload, protectedHeader } = await jwtVerify(token, key(SECRET_KEY), { currentDate: NOW });
      expect(protectedHeader.alg).toBe('HS256');
      expect(payload).toEqual({ id, exp: nowSeconds + 300 });
      const { scope } = stubPost(INFO, POSTBACKS['postback.2026'].info());
      expectRight(await provider().parseWebhook(jsonPostback('postback.2026', token))());
      scope.done();
    },
  );

  it('honours expiresInSeconds and reads the id with or without INV-', async () => {
    for (const id of ['89UX09KA', 'INV-89UX09KA']) {
      const token = await signPostbackToken(id, SECRET_KEY, {
        now: NOW,
        expiresInSeconds: 10,
        claim: 'prefixed',
      });
      const { payload } = await jwtVerify(token, key(SECRET_KEY), { currentDate: NOW });
      expect(payload).toEqual({ id: 'INV-89UX09KA', exp: nowSeconds + 10 });
    }
  });
});
