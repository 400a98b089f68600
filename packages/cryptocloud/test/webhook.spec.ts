import { inspect } from 'node:util';
import * as fc from 'fast-check';
import nock from 'nock';
import * as E from 'fp-ts/Either';
import { jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import type { WebhookRequest } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { signPostbackToken } from '../src';
import { SECRET_KEY, fixture, jwtVector, makeProvider, plainFixture, responseFixture } from './helpers';
import { stubPost } from './stubs';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const NOW = new Date('2026-01-27T09:10:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const provider = (overrides: Record<string, unknown> = {}) => makeProvider(overrides, { now: () => NOW });
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

const postbackJson = plainFixture('postback.json') as Record<string, unknown>;
const invoiceInfo = plainFixture('postback.invoice_info') as Record<string, unknown>;

/** The documented JSON postback with `token` replaced, sent with the exact float text. */
const jsonPostback = (token: string | undefined, extra: Record<string, unknown> = {}): WebhookRequest => {
  const { token: _placeholder, amount_crypto: _amount, ...rest } = postbackJson;
  const body = JSON.stringify({ ...rest, ...extra, ...(token === undefined ? {} : { token }) });
  return {
    headers: { 'Content-Type': 'application/json' },
    body: body.replace('"status"', '"amount_crypto":0.034187,"status"'),
  };
};

/** The documented form postback with `<jwt>` replaced. */
const formPostback = (
  token: string,
  extra = '',
  contentType: string | undefined = 'application/x-www-form-urlencoded',
) => ({
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  body: (fixture('postback.form') as string).replace('<jwt>', encodeURIComponent(token)) + extra,
});

const goodToken = () => sign({ id: 'INV-89UX09KA' });

describe('parseWebhook: accepted postbacks', () => {
  it('verifies a JSON postback and normalizes it', async () => {
    const event = expectRight(await provider().parseWebhook(jsonPostback(await goodToken()))());
    expect(event).toMatchObject({
      provider: 'cryptocloud',
      invoiceId: 'INV-89UX09KA',
      orderId: 'ORDER_93223',
      status: 'paid',
      providerStatus: 'success',
      failureReason: null,
      received: { amount: '0.034187', currency: 'ETH' },
      remaining: null,
      transactions: [],
      testMode: false,
    });
    expect(JSON.stringify(event.raw)).not.toContain('token');
  });

  it('verifies a form-encoded postback whose invoice_info is a JSON string', async () => {
    const info = `&invoice_info=${encodeURIComponent(JSON.stringify({ ...invoiceInfo, status: 'overpaid' }))}`;
    const event = expectRight(await provider().parseWebhook(formPostback(await goodToken(), info))());
    expect(event).toMatchObject({
      invoiceId: 'INV-89UX09KA',
      orderId: 'ORDER_93223',
      status: 'overpaid',
      providerStatus: 'overpaid',
      received: { amount: '0.034187', currency: 'ETH' },
    });
  });

  it.each([
    ['JSON', async () => ({ ...jsonPostback(await goodToken()), headers: {} })],
    ['form', async () => formPostback(await goodToken(), '', undefined)],
    [
      'JSON as a Buffer',
      async () => ({ headers: {}, body: Buffer.from(jsonPostback(await goodToken()).body as string) }),
    ],
  ])('sniffs a %s body without Content-Type', async (_label, build) => {
    expect(expectRight(await provider().parseWebhook(await build())()).invoiceId).toBe('INV-89UX09KA');
  });

  it('reads the status from invoice_info when present', async () => {
    const event = expectRight(
      await provider().parseWebhook(
        jsonPostback(await goodToken(), { invoice_info: { ...invoiceInfo, status: 'partial' } }),
      )(),
    );
    expect(event).toMatchObject({ status: 'partially_paid', providerStatus: 'partial' });
  });

  it('accepts a token that expired within the 60 s clock tolerance', async () => {
    const token = await sign({ id: 'INV-89UX09KA' }, { exp: nowSeconds - 30 });
    expectRight(await provider().parseWebhook(jsonPostback(token))());
  });

  it('accepts a token id given without the INV- prefix', async () => {
    const token = await sign({ id: '89UX09KA' });
    expectRight(await provider().parseWebhook(jsonPostback(token))());
  });

  it('gives the same dedupeKey to the same delivery re-sent with a fresh token', async () => {
    const first = expectRight(await provider().parseWebhook(jsonPostback(await goodToken()))());
    const again = await sign({ id: 'INV-89UX09KA', n: 2 }, { exp: nowSeconds + 200 });
    const second = expectRight(await provider().parseWebhook(jsonPostback(again))());
    expect(second.dedupeKey).toBe(first.dedupeKey);
    const other = expectRight(
      await provider().parseWebhook(
        jsonPostback(again, { invoice_info: { ...invoiceInfo, status: 'partial' } }),
      )(),
    );
    expect(other.dedupeKey).not.toBe(first.dedupeKey);
  });

  it('verifies the fixture jwtVector only with the clock set back', async () => {
    const exp = Number(jwtVector.claims.exp.toString());
    const body = (token: string) => jsonPostback(token, { invoice_id: 'TEST0001' });
    const atNow = makeProvider({ secretKey: jwtVector.secret });
    expect(
      expectLeftTag(await atNow.parseWebhook(body(jwtVector.token))(), 'SignatureInvalid').message,
    ).toContain('expired');
    const setBack = makeProvider(
      { secretKey: jwtVector.secret },
      { now: () => new Date((exp - 120) * 1000) },
    );
    expect(expectRight(await setBack.parseWebhook(body(jwtVector.token))()).invoiceId).toBe('INV-TEST0001');
  });
});

describe('parseWebhook: refused postbacks', () => {
  const cases: ReadonlyArray<readonly [string, () => Promise<WebhookRequest>, string]> = [
    [
      'a token signed with another secret',
      async () => jsonPostback(await sign({ id: 'INV-89UX09KA' }, { secret: 'wrong-secret' })),
      'does not match',
    ],
    [
      'an expired token',
      async () => jsonPostback(await sign({ id: 'INV-89UX09KA' }, { exp: nowSeconds - 61 })),
      'expired',
    ],
    [
      'a token without exp',
      async () => jsonPostback(await sign({ id: 'INV-89UX09KA' }, { exp: null })),
      'exp',
    ],
    [
      'an alg:none token',
      async () =>
        jsonPostback(new UnsecuredJWT({ id: 'INV-89UX09KA' }).setExpirationTime(nowSeconds + 300).encode()),
      'HS256',
    ],
    [
      'an HS512 token',
      async () => jsonPostback(await sign({ id: 'INV-89UX09KA' }, { alg: 'HS512' })),
      'HS256',
    ],
    [
      'a token for another invoice',
      async () => jsonPostback(await sign({ id: 'INV-OTHER001' })),
      'another invoice',
    ],
    [
      'invoice_info naming another invoice',
      async () => jsonPostback(await goodToken(), { invoice_info: { ...invoiceInfo, uuid: 'INV-OTHER001' } }),
      'another invoice',
    ],
    [
      'a token without an id claim',
      async () => jsonPostback(await sign({ uuid: 'INV-89UX09KA' })),
      'claim "id"',
    ],
    ['a missing token', async () => jsonPostback(undefined), 'no token'],
    ['an empty token', async () => jsonPostback(''), 'no token'],
    ['a garbage token', async () => jsonPostback('not.a.jwt'), 'token'],
    [
      'a form body with a wrong-secret token',
      async () => formPostback(await sign({ id: 'INV-89UX09KA' }, { secret: 'x' })),
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

  it.each(cases)(
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
    },
  );

  it('tells the user to configure secretKey when none is set', async () => {
    const error = expectLeftTag(
      await provider({ secretKey: undefined }).parseWebhook(jsonPostback(await goodToken()))(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('secretKey');
  });

  it('refuses a test-mode postback as UnsupportedEvent unless allowTestMode', async () => {
    const request = jsonPostback(await goodToken(), { invoice_info: { ...invoiceInfo, test_mode: true } });
    expectLeftTag(await provider().parseWebhook(request)(), 'UnsupportedEvent');
    const event = expectRight(await provider({ allowTestMode: true }).parseWebhook(request)());
    expect(event.testMode).toBe(true);
  });

  it.each([
    ['a malformed amount', { amount_crypto: '1,5' }],
    ['a negative amount', { amount_crypto: -1 }],
    ['invoice_info that is not JSON', { invoice_info: '{oops' }],
  ])('answers a verified postback with %s as MalformedWebhook', async (_label, extra) => {
    const { amount_crypto: _a, ...rest } = postbackJson;
    const body = JSON.stringify({ ...rest, token: await goodToken(), ...extra });
    expectLeftTag(await provider().parseWebhook({ headers: {}, body })(), 'MalformedWebhook');
  });
});

describe('parseWebhook on arbitrary input', () => {
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

describe('parseWebhook with { recheck: true }', () => {
  const INFO = '/v2/invoice/merchant/info';

  it('re-reads the invoice from merchant/info and reports its current status', async () => {
    const info = responseFixture('info.response');
    const { scope, captured } = stubPost(INFO, {
      ...info,
      body: info.body.replace('"status":"paid"', '"status":"partial"'),
    });
    const plain = expectRight(await provider().parseWebhook(jsonPostback(await goodToken()))());
    const event = expectRight(
      await provider().parseWebhook(jsonPostback(await goodToken()), { recheck: true })(),
    );
    scope.done();
    expect(JSON.parse(captured[0]!.body)).toEqual({ uuids: ['INV-89UX09KA'] });
    expect(event).toMatchObject({
      status: 'partially_paid',
      providerStatus: 'partial',
      orderId: 'ORDER_93223',
    });
    expect(event.dedupeKey).toBe(plain.dedupeKey);
  });

  it('takes the received money from merchant/info, never from the unsigned postback body', async () => {
    const { scope } = stubPost(INFO, responseFixture('info.response'));
    const forged = jsonPostback(await goodToken());
    const inflated = { ...forged, body: forged.body.toString().replace('0.034187', '1000') };
    const plain = expectRight(await provider().parseWebhook(inflated)());
    expect(plain.received).toEqual({ amount: '1000', currency: 'ETH' });
    const event = expectRight(await provider().parseWebhook(inflated, { recheck: true })());
    scope.done();
    expect(event.received).toEqual({ amount: '0.034187', currency: 'ETH' });
  });

  it('reports no received money when merchant/info shows no paid amount', async () => {
    const info = responseFixture('info.response');
    const { scope } = stubPost(INFO, { ...info, body: info.body.replace('"amount_paid":0.034187,', '') });
    const event = expectRight(
      await provider().parseWebhook(jsonPostback(await goodToken()), { recheck: true })(),
    );
    scope.done();
    expect(event.received).toBeNull();
  });

  it('returns the re-check failure as its own InvoiceError', async () => {
    const { scope } = stubPost(INFO, responseFixture('error.500'));
    expectLeftTag(
      await provider().parseWebhook(jsonPostback(await goodToken()), { recheck: true })(),
      'ProviderUnavailable',
    );
    scope.done();
  });

  it('refuses an invoice merchant/info reports in test mode', async () => {
    const info = responseFixture('info.response');
    const { scope } = stubPost(INFO, {
      ...info,
      body: info.body.replace('"test_mode":false', '"test_mode":true'),
    });
    expectLeftTag(
      await provider().parseWebhook(jsonPostback(await goodToken()), { recheck: true })(),
      'UnsupportedEvent',
    );
    scope.done();
  });

  it('makes no request for a postback that fails verification', async () => {
    const result = await provider().parseWebhook(jsonPostback('bad'), { recheck: true })();
    expect(E.isLeft(result) && result.left._tag).toBe('SignatureInvalid');
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('signPostbackToken', () => {
  it('signs HS256 {id: "INV-…", exp} that parseWebhook accepts', async () => {
    const token = await signPostbackToken('89UX09KA', SECRET_KEY, { now: NOW });
    const { payload, protectedHeader } = await jwtVerify(token, key(SECRET_KEY), { currentDate: NOW });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toEqual({ id: 'INV-89UX09KA', exp: nowSeconds + 300 });
    expectRight(await provider().parseWebhook(jsonPostback(token))());
  });

  it('honours expiresInSeconds and keeps an INV- prefix once', async () => {
    const token = await signPostbackToken('INV-89UX09KA', SECRET_KEY, { now: NOW, expiresInSeconds: 10 });
    const { payload } = await jwtVerify(token, key(SECRET_KEY), { currentDate: NOW });
    expect(payload).toEqual({ id: 'INV-89UX09KA', exp: nowSeconds + 10 });
  });
});
