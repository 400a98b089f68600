import nock from 'nock';
import { SignJWT } from 'jose';
import type { InvoiceProvider, WebhookRequest } from '@invoicekit/core';
import { stringifyJson } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { CRYPTOCLOUD_MAX_POSTBACK_BYTES, cryptocloudDescriptor } from '../src';
import {
  API_KEY,
  BASE_URL,
  createdItem,
  envelope,
  fixtures,
  makeProvider,
  SECRET_KEY,
  SHOP_ID,
} from './helpers';
import { INFO } from './stubs';

jest.mock('@invoicekit/core/adapter', () => {
  const actual = jest.requireActual<typeof import('@invoicekit/core/adapter')>('@invoicekit/core/adapter');
  return { ...actual, parseJsonLossless: jest.fn(actual.parseJsonLossless) };
});

jest.mock('jose', () => {
  const actual = jest.requireActual<typeof import('jose')>('jose');
  return { ...actual, jwtVerify: jest.fn(actual.jwtVerify) };
});

/** Every lossless JSON read the adapter makes (the fixtures' own reads are cleared before each test). */
const mockLosslessParses = jest.requireMock<{ parseJsonLossless: jest.Mock }>(
  '@invoicekit/core/adapter',
).parseJsonLossless;
/** Every full JWT verification jose makes. */
const mockJwtVerify = jest.requireMock<{ jwtVerify: jest.Mock }>('jose').jwtVerify;

const http = useNock();

/** Parses `request`, counting only the lossless reads parseWebhook makes (not the fixtures' that built it). */
const parseCounted = (parser: InvoiceProvider, request: WebhookRequest) => {
  mockLosslessParses.mockClear();
  return parser.parseWebhook(request)();
};

const NOW = new Date('2026-01-27T09:10:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const DAY = 24 * 60 * 60;
const provider = (overrides: Record<string, unknown> = {}) => makeProvider(overrides, { now: () => NOW });
const unconfirmed = () => provider({ confirmPostbacks: false });

const sign = (
  claims: Record<string, unknown>,
  { secret = SECRET_KEY, exp = nowSeconds + 300 }: { secret?: string; exp?: number } = {},
) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));

const liveInfo = () => fixtures.record('postback.invoice_info.live');

/** The current page's postback fields with a live invoice_info and `token`, as JSON; `padding` adds a filler field. */
const jsonBody = (token: string, padding = ''): string =>
  stringifyJson({
    ...fixtures.record('postback.2026'),
    invoice_info: liveInfo(),
    ...(padding === '' ? {} : { padding }),
    token,
  });

/** A postback of about `bytes` bytes, its padding a list of amounts: the costliest text for a lossless read. */
const forgedJson = (token: string, bytes: number): string => {
  const base = jsonBody(token, 'x');
  const amounts = Array.from({ length: Math.floor((bytes - base.length) / 11) }, () => '0.123456789');
  return base.replace('"padding":"x"', `"padding":[${amounts.join(',')}]`);
};

const json = (body: string | Buffer): WebhookRequest => ({
  headers: { 'content-type': 'application/json' },
  body,
});

const form = (token: string): WebhookRequest => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({
    status: 'success',
    invoice_id: '89UX09KA',
    amount_crypto: '0.000113',
    currency: 'BNB',
    invoice_info: stringifyJson({ ...liveInfo(), tx_list: Array.from({ length: 40 }, () => 0.123456789) }),
    token,
  }).toString(),
});

const wrongSecret = () => sign({ id: '89UX09KA' }, { secret: 'not-the-project-secret' });

describe('parseWebhook verifies the token before any lossless read', () => {
  it('refuses a forged 2 KB JSON postback without reading it losslessly', async () => {
    const body = forgedJson(await wrongSecret(), 2048);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1900);
    const error = expectLeftTag(await parseCounted(provider(), json(body)), 'SignatureInvalid');
    expect(error.message).toContain('does not match');
    expect(mockLosslessParses).not.toHaveBeenCalled();
  });

  it('refuses a forged form postback without reading its invoice_info', async () => {
    const error = expectLeftTag(
      await parseCounted(provider(), form(await wrongSecret())),
      'SignatureInvalid',
    );
    expect(error.message).toContain('does not match');
    expect(mockLosslessParses).not.toHaveBeenCalled();
  });

  it.each([
    ['an expired token', () => sign({ id: '89UX09KA' }, { exp: nowSeconds - 3600 })],
    ['a token naming no invoice', () => sign({ uuid: '89UX09KA' })],
  ])('refuses %s before the lossless read', async (_label, token) => {
    expectLeftTag(await parseCounted(provider(), json(jsonBody(await token()))), 'SignatureInvalid');
    expect(mockLosslessParses).not.toHaveBeenCalled();
  });

  it.each([
    ['signed with another key', () => wrongSecret(), 'does not match'],
    [
      'signed with HS512',
      () =>
        new SignJWT({ id: 13 })
          .setProtectedHeader({ alg: 'HS512' })
          .setExpirationTime(nowSeconds + 300)
          .sign(new TextEncoder().encode(SECRET_KEY)),
      'HS256',
    ],
    ['of two segments', async () => 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MTN9', 'not a valid JWS'],
  ])('refuses a token %s after one HMAC, before a full JWT verification', async (_label, token, reason) => {
    mockJwtVerify.mockClear();
    const error = expectLeftTag(
      await parseCounted(provider(), json(jsonBody(await token()))),
      'SignatureInvalid',
    );
    expect(error.message).toContain(reason);
    expect(mockJwtVerify).not.toHaveBeenCalled();
  });

  it('reads a postback losslessly once its token checked out', async () => {
    mockJwtVerify.mockClear();
    const body = jsonBody(await sign({ id: '89UX09KA' }));
    const event = expectRight(await parseCounted(unconfirmed(), json(body)));
    expect(event).toMatchObject({ invoiceId: 'INV-89UX09KA', received: { amount: '0.000113' } });
    expect(mockLosslessParses).toHaveBeenCalledWith(body);
    expect(mockJwtVerify).toHaveBeenCalledTimes(1);
  });
});

describe('parseWebhook refuses a body over CRYPTOCLOUD_MAX_POSTBACK_BYTES unread', () => {
  const ONE_MIB = 1024 * 1024;

  it('states the limit on the provider: 16 KiB', () => {
    expect(CRYPTOCLOUD_MAX_POSTBACK_BYTES).toBe(16 * 1024);
    expect(provider().maxWebhookBodyBytes).toBe(CRYPTOCLOUD_MAX_POSTBACK_BYTES);
  });

  it.each([
    ['a string', (text: string): string | Buffer => text],
    ['a Buffer', (text: string): string | Buffer => Buffer.from(text)],
  ])('refuses a 1 MiB forged postback as %s, naming the limit', async (_label, as) => {
    const body = as(forgedJson(await wrongSecret(), ONE_MIB));
    const error = expectLeftTag(await parseCounted(provider(), json(body)), 'SignatureInvalid');
    expect(error.message).toContain('larger than the 16384 bytes');
    expect(mockLosslessParses).not.toHaveBeenCalled();
  });

  it('refuses a 1 MiB body even with a valid token, before asking CryptoCloud', async () => {
    const body = forgedJson(await sign({ id: '89UX09KA' }), ONE_MIB);
    expectLeftTag(await provider().parseWebhook(json(body))(), 'SignatureInvalid');
    expect(http.unmatched()).toBe(0);
  });

  it('accepts a valid postback of exactly 16384 bytes and refuses one of 16385', async () => {
    const token = await sign({ id: '89UX09KA' });
    const at = (bytes: number) => jsonBody(token, 'x'.repeat(bytes - jsonBody(token, 'x').length + 1));
    expect(Buffer.byteLength(at(16384))).toBe(16384);
    expectRight(await unconfirmed().parseWebhook(json(at(16384)))());
    const over = expectLeftTag(await unconfirmed().parseWebhook(json(at(16385)))(), 'SignatureInvalid');
    expect(over.message).toContain('16384');
  });

  it('counts a string body in UTF-8 bytes, not characters', async () => {
    const token = await sign({ id: '89UX09KA' });
    const body = jsonBody(token, 'é'.repeat(9000));
    expect(body.length).toBeLessThan(16384);
    expect(Buffer.byteLength(body)).toBeGreaterThan(16384);
    const error = expectLeftTag(await unconfirmed().parseWebhook(json(body))(), 'SignatureInvalid');
    expect(error.message).toContain('16384');
  });

  it('reads the body of a request once, and refuses a second, larger answer of a getter', async () => {
    const token = await sign({ id: '89UX09KA' });
    let reads = 0;
    const request = {
      headers: { 'content-type': 'application/json' },
      get body() {
        reads += 1;
        return reads === 1 ? jsonBody(token) : forgedJson(token, ONE_MIB);
      },
    };
    expectRight(await unconfirmed().parseWebhook(request)());
    expect(reads).toBe(1);
  });

  it('lets the gateway route by token without a lossless read, and never a body over the limit', async () => {
    const configured = cryptocloudDescriptor.configure(
      { provider: 'cryptocloud', apiKey: API_KEY, shopId: SHOP_ID, secretKey: SECRET_KEY },
      {},
    );
    if (configured._tag === 'Left') throw new Error(configured.left.message);
    const token = await wrongSecret();
    const [small, formed, large] = [json(jsonBody(token)), form(token), json(forgedJson(token, ONE_MIB))];
    mockLosslessParses.mockClear();
    expect(configured.right.ownsWebhook(small)).toBe(true);
    expect(configured.right.ownsWebhook(formed)).toBe(true);
    expect(configured.right.ownsWebhook(large)).toBe(false);
    expect(configured.right.ownsWebhook(json('{"status":"success"}'))).toBe(false);
    expect(mockLosslessParses).not.toHaveBeenCalled();
  });
});

describe('parseWebhook bounds the token time claims', () => {
  const withClaims = async (claims: Record<string, unknown>, exp: number) =>
    parseCounted(unconfirmed(), json(jsonBody(await sign({ id: '89UX09KA', ...claims }, { exp }))));

  it.each([
    ['issued 61 s ahead', { iat: nowSeconds + 61 }, nowSeconds + 300, 'issued in the future'],
    ['issued an hour ahead', { iat: nowSeconds + 3600 }, nowSeconds + 3900, 'issued in the future'],
    ['expiring 24 h and 1 s ahead', {}, nowSeconds + DAY + 1, 'implausibly long'],
    ['expiring in 2100', {}, Math.floor(Date.UTC(2100, 0, 1) / 1000), 'implausibly long'],
    [
      'issued 23 h ago and living 25 h',
      { iat: nowSeconds - 23 * 3600 },
      nowSeconds + 2 * 3600,
      'implausibly long',
    ],
  ])(
    'refuses a token %s like an expired one, before the lossless read',
    async (_label, claims, exp, reason) => {
      const error = expectLeftTag(await withClaims(claims, exp), 'SignatureInvalid');
      expect(error.message).toContain(reason);
      expect(mockLosslessParses).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['issued 60 s ahead (the clock tolerance)', { iat: nowSeconds + 60 }, nowSeconds + 300],
    ['issued now, living 5 minutes as CryptoCloud documents', { iat: nowSeconds }, nowSeconds + 300],
    ['without iat, expiring exactly 24 h ahead', {}, nowSeconds + DAY],
    ['issued an hour ago, expiring in 23 h', { iat: nowSeconds - 3600 }, nowSeconds + 23 * 3600],
  ])('accepts a token %s', async (_label, claims, exp) => {
    expectRight(await withClaims(claims, exp));
  });
});

describe('concurrent confirmations of one invoice share one merchant/info call', () => {
  const postback = async (invoiceId = '89UX09KA') =>
    json(
      stringifyJson({
        ...fixtures.record('postback.2026'),
        invoice_id: invoiceId,
        token: await sign({ id: 13 }),
      }),
    );
  const infoFor = (uuid: string) =>
    nock(BASE_URL)
      .post(INFO, { uuids: [uuid] })
      .delay(50)
      .reply(200, envelope([{ ...createdItem(), uuid }]).body);

  it('makes one call for 60 concurrent replays of one valid token, and gives each the same event', async () => {
    const scope = infoFor('INV-89UX09KA');
    const parse = provider().parseWebhook;
    const request = await postback();
    const events = await Promise.all(Array.from({ length: 60 }, () => parse(request)()));
    scope.done();
    expect(http.unmatched()).toBe(0);
    const keys = new Set(events.map((result) => expectRight(result).dedupeKey));
    expect([...keys]).toEqual(['cryptocloud:INV-89UX09KA:created:']);
  });

  it('shares one call between the bare and the prefixed invoice id', async () => {
    const scope = infoFor('INV-89UX09KA');
    const parse = provider().parseWebhook;
    const results = await Promise.all([
      parse(await postback('89UX09KA'))(),
      parse(await postback('INV-89UX09KA'))(),
    ]);
    scope.done();
    results.forEach((result) => expectRight(result));
    expect(http.unmatched()).toBe(0);
  });

  it('keeps no result once the call settled: the next postback asks again', async () => {
    const first = infoFor('INV-89UX09KA');
    const second = infoFor('INV-89UX09KA');
    const parse = provider().parseWebhook;
    const request = await postback();
    expectRight(await parse(request)());
    first.done();
    expect(second.isDone()).toBe(false);
    expectRight(await parse(request)());
    second.done();
  });

  it('shares a failed call among its waiters, then forgets it', async () => {
    const failing = nock(BASE_URL).post(INFO).delay(50).reply(502, 'Bad Gateway');
    const parse = provider().parseWebhook;
    const request = await postback();
    const failed = await Promise.all(Array.from({ length: 10 }, () => parse(request)()));
    failing.done();
    failed.forEach((result) =>
      expect(expectLeftTag(result, 'ConfirmationFailed').error._tag).toBe('ProviderUnavailable'),
    );
    const retried = infoFor('INV-89UX09KA');
    expectRight(await parse(request)());
    retried.done();
    expect(http.unmatched()).toBe(0);
  });

  it('asks separately for different invoices in flight together', async () => {
    const one = infoFor('INV-89UX09KA');
    const other = infoFor('INV-AAAA0001');
    const parse = provider().parseWebhook;
    const results = await Promise.all([
      parse(await postback('89UX09KA'))(),
      parse(await postback('AAAA0001'))(),
    ]);
    one.done();
    other.done();
    expect(results.map((result) => expectRight(result).invoiceId)).toEqual(['INV-89UX09KA', 'INV-AAAA0001']);
  });
});
