import { inspect } from 'node:util';
import * as fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { SignJWT } from 'jose';
import { InvoiceKitError, withPromises, type InvoiceError, type WebhookRequest } from '@invoicekit/core';
import { stringifyJson, type HttpRequest, type HttpTransport } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import type { CryptocloudProvider } from '../src';
import { fixtures, envelope, createdItem, makeProvider, API_KEY, SECRET_KEY, SHOP_ID } from './helpers';
import { CANCEL, CREATE, INFO, operationRows, stubPost } from './stubs';

useNock();

const NOW = new Date('2026-01-27T09:10:00Z');
const provider = (overrides: Record<string, unknown> = {}) => makeProvider(overrides, { now: () => NOW });

const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const validRequest = { orderId: 'ORDER_93223', amount: '100', currency: 'USD' };
const range = { from: new Date('2026-01-01'), to: new Date('2026-01-31') };

const token = (id: string | number = '89UX09KA', secret = SECRET_KEY) =>
  new SignJWT({ id })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 300)
    .sign(new TextEncoder().encode(secret));

/** The current postback page's documented fields with a valid token, as JSON text; `extra` is spliced in first. */
const postbackText = async (extra = ''): Promise<string> =>
  `{${extra}${stringifyJson({ ...fixtures.record('postback.2026'), token: await token() }).slice(1)}`;

const OPERATIONS = operationRows(validRequest);

describe('~5,000 nested arrays (item 7)', () => {
  it.each(OPERATIONS)(
    '%s answers an API body holding them with UnexpectedResponse',
    async (_name, path, run) => {
      const { scope } = stubPost(path, { status: 200, body: `{"status":"success","result":${DEEP}}` });
      const error = expectLeftTag(await run(provider()), 'UnexpectedResponse');
      scope.done();
      expect(error.message).toContain('nests deeper than 64');
    },
  );

  it('cancelInvoice still reports a performed cancel when the re-read holds them', async () => {
    const cancel = stubPost(CANCEL, fixtures.response('cancel.response'));
    const info = stubPost(INFO, { status: 200, body: `{"status":"success","result":${DEEP}}` });
    expect(expectRight(await provider().cancelInvoice('INV-89UX09KA')()).invoice).toBeNull();
    cancel.scope.done();
    info.scope.done();
  });

  it('answers a JSON postback holding them: MalformedWebhook past a valid token, SignatureInvalid unread without', async () => {
    const body = await postbackText(`"deep":${DEEP},`);
    const error = expectLeftTag(await provider().parseWebhook({ headers: {}, body })(), 'MalformedWebhook');
    expect(error.message).toContain('nests deeper than 64');
    const forged = body.replace(/"token":"[^"]+"/, `"token":"${await token('89UX09KA', 'wrong-secret')}"`);
    const refused = expectLeftTag(
      await provider().parseWebhook({ headers: {}, body: forged })(),
      'SignatureInvalid',
    );
    expect(refused.message).toContain('does not match');
  });

  it('answers a form postback with a valid token whose invoice_info holds 1,000 of them with MalformedWebhook', async () => {
    const form = new URLSearchParams({
      status: 'success',
      invoice_id: '89UX09KA',
      token: await token(),
      invoice_info: `${'['.repeat(1000)}${']'.repeat(1000)}`,
    });
    const request = {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    };
    expectLeftTag(await provider().parseWebhook(request)(), 'MalformedWebhook');
  });

  it('refuses a form postback holding 5,000 of them unread: percent-encoded, it is over the body limit', async () => {
    const form = new URLSearchParams({ invoice_id: '89UX09KA', token: await token(), invoice_info: DEEP });
    const request = {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    };
    const error = expectLeftTag(await provider().parseWebhook(request)(), 'SignatureInvalid');
    expect(error.message).toContain('16384 bytes');
  });

  it('answers a valid postback whose confirmation holds them with ConfirmationFailed', async () => {
    const { scope } = stubPost(INFO, { status: 200, body: `{"status":"success","result":${DEEP}}` });
    const error = expectLeftTag(
      await provider().parseWebhook({ headers: {}, body: await postbackText() })(),
      'ConfirmationFailed',
    );
    scope.done();
    expect(error.error._tag).toBe('UnexpectedResponse');
  });
});

describe('__proto__ members (item 8)', () => {
  const spellings = ['"__proto__"', '"\\u005f_proto__"', '"__pro\\u0074o__"'];

  it.each(spellings)(
    'getInvoice refuses an item with a %s member instead of decoding through it',
    async (name) => {
      const item = fixtures
        .text('info.response.2023')
        .replace('"uuid":', `${name}:{"order_id":{"x":1},"amount":-5},"uuid":`);
      const { scope } = stubPost(INFO, { status: 200, body: item });
      expectLeftTag(await provider().getInvoice('INV-XXXXXXXX')(), 'UnexpectedResponse');
      scope.done();
    },
  );

  it.each(spellings)(
    'parseWebhook refuses a JSON postback with a %s member: MalformedWebhook past a valid token, else SignatureInvalid',
    async (name) => {
      const body = await postbackText(`${name}:{"amount_crypto":-5,"invoice_info":{"test_mode":false}},`);
      const unconfirmed = provider({ confirmPostbacks: false });
      expectLeftTag(await unconfirmed.parseWebhook({ headers: {}, body })(), 'MalformedWebhook');
      const forged = body.replace(/"token":"[^"]+"/, `"token":"${await token('89UX09KA', 'wrong-secret')}"`);
      expectLeftTag(await unconfirmed.parseWebhook({ headers: {}, body: forged })(), 'SignatureInvalid');
      expect(({} as Record<string, unknown>).amount_crypto).toBeUndefined();
    },
  );

  it('parseWebhook refuses a form postback with a __proto__ field past a valid token', async () => {
    const form = `__proto__=x&${new URLSearchParams({ status: 'success', invoice_id: '89UX09KA', token: await token() })}`;
    const request = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form };
    expect(expectLeftTag(await provider().parseWebhook(request)(), 'MalformedWebhook').message).toContain(
      '__proto__',
    );
  });

  it('parseWebhook refuses a form postback whose invoice_info JSON has a __proto__ member', async () => {
    const form = new URLSearchParams({
      status: 'success',
      invoice_id: '89UX09KA',
      token: await token(),
      invoice_info: '{"__proto__":{"test_mode":false},"uuid":"INV-89UX09KA"}',
    });
    const request = {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    };
    expectLeftTag(await provider({ confirmPostbacks: false }).parseWebhook(request)(), 'MalformedWebhook');
  });

  it('reads form fields named like Object.prototype members as ordinary fields', async () => {
    const form = `toString=1&constructor=2&${new URLSearchParams({ ...(fixtures.record('postback.2026') as Record<string, string>), token: await token() })}`;
    const { scope } = stubPost(INFO, envelope([createdItem()]));
    const request = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form };
    expect(expectRight(await provider().parseWebhook(request)()).invoiceId).toBe('INV-89UX09KA');
    scope.done();
  });
});

describe('echoed credentials (item 9)', () => {
  const echo = `Authorization: Token ${API_KEY}\nshop_id=${SHOP_ID}\nsecret=${SECRET_KEY}`;
  const echoes: ReadonlyArray<readonly [string, { status: number; body: string }, InvoiceError['_tag']]> = [
    [
      'a 401 "Invalid token Token <key>"',
      { status: 401, body: `Invalid token Token ${API_KEY}` },
      'Unauthorized',
    ],
    [
      'a proxy page echoing the request headers',
      { status: 200, body: `<html><pre>${echo}</pre></html>` },
      'UnexpectedResponse',
    ],
    ['a JSON-escaped echo', { status: 200, body: `{"echo":${JSON.stringify(echo)}}` }, 'UnexpectedResponse'],
    [
      'an error envelope echoing them as field messages',
      {
        status: 400,
        body: stringifyJson({
          status: 'error',
          result: { authorization: `Invalid token Token ${API_KEY}`, shop_id: `${SHOP_ID} unknown` },
        }),
      },
      'Unauthorized',
    ],
    [
      'a field error echoing the shop id',
      {
        status: 400,
        body: stringifyJson({ status: 'error', result: { shop_id: `Shop ${SHOP_ID} not found` } }),
      },
      'Rejected',
    ],
    [
      'a detail echoing the key',
      { status: 403, body: stringifyJson({ detail: `Invalid token Token ${API_KEY}` }) },
      'Unauthorized',
    ],
  ];

  const printedForms = (error: unknown): string[] => [
    JSON.stringify(error),
    inspect(error, { depth: null }),
    (error as { message: string }).message,
    (error as { bodyExcerpt?: string }).bodyExcerpt ?? '',
    JSON.stringify((error as { fields?: unknown }).fields ?? {}),
  ];

  it.each(
    OPERATIONS.flatMap(([name, path, run]) =>
      echoes.map(([label, reply, tag]) => [name, label, path, run, reply, tag] as const),
    ),
  )('%s scrubs %s', async (_name, _label, path, run, reply, tag) => {
    const { scope } = stubPost(path, reply, { 'Content-Type': 'text/html' });
    const error = expectLeftTag(await run(provider()), tag);
    scope.done();
    for (const printed of printedForms(error)) {
      expect(printed).not.toContain(API_KEY);
      expect(printed).not.toContain(SHOP_ID);
      expect(printed).not.toContain(SECRET_KEY);
    }
  });

  it('keeps the documented text around a scrubbed credential', async () => {
    const { scope } = stubPost(INFO, { status: 200, body: `<html><pre>${echo}</pre></html>` });
    const error = expectLeftTag(await provider().getInvoice('INV-89UX09KA')(), 'UnexpectedResponse');
    scope.done();
    expect(error.bodyExcerpt).toContain('Authorization: Token [redacted]');
  });

  it('scrubs the confirming call error inside ConfirmationFailed', async () => {
    const { scope } = stubPost(INFO, { status: 200, body: `<html>${echo}</html>` });
    const error = expectLeftTag(
      await provider().parseWebhook({ headers: {}, body: await postbackText() })(),
      'ConfirmationFailed',
    );
    scope.done();
    for (const printed of printedForms(error)) expect(printed).not.toContain(API_KEY);
  });

  it('keeps them out of the Promise facade rejection and its stack', async () => {
    const { scope } = stubPost(INFO, { status: 200, body: `<html>${echo}</html>` });
    const rejection = await withPromises(provider())
      .getInvoice('INV-89UX09KA')
      .catch((e: unknown) => e);
    scope.done();
    expect(rejection).toBeInstanceOf(InvoiceKitError);
    const printed = `${(rejection as Error).stack} ${inspect(rejection, { depth: null })}`;
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(SHOP_ID);
  });
});

const throwingGetter = <T extends object>(base: T, keyName: string): T =>
  Object.defineProperty({ ...base }, keyName, {
    enumerable: true,
    get: () => {
      throw new Error('getter exploded');
    },
  });

const revoked = <T extends object>(base: T): T => {
  const { proxy, revoke } = Proxy.revocable({ ...base }, {});
  revoke();
  return proxy;
};

describe('throwing getters and revoked proxies (item 10)', () => {
  const inputs: ReadonlyArray<
    readonly [string, (p: CryptocloudProvider) => Promise<E.Either<unknown, unknown>>]
  > = [
    ['a request with a throwing getter', (p) => p.createInvoice(throwingGetter(validRequest, 'orderId'))()],
    ['a revoked request', (p) => p.createInvoice(revoked(validRequest))()],
    [
      'a customer with a throwing getter',
      (p) => p.createInvoice({ ...validRequest, customer: throwingGetter({}, 'email') })(),
    ],
    [
      'a ref with a throwing getter',
      (p) => p.getInvoice(throwingGetter({ id: 'INV-89UX09KA', orderId: null }, 'id'))(),
    ],
    ['a revoked ref', (p) => p.cancelInvoice(revoked({ id: 'INV-89UX09KA', orderId: null }))()],
    ['a list query with a throwing getter', (p) => p.listInvoices(throwingGetter(range, 'to'))()],
    ['a revoked list query', (p) => p.listInvoices(revoked(range))()],
    [
      'a webhook request with a throwing body',
      (p) => p.parseWebhook(throwingGetter({ headers: {}, body: '' }, 'body'))(),
    ],
    [
      'a revoked webhook request',
      (p) => p.parseWebhook(revoked({ headers: {}, body: '' }) as WebhookRequest)(),
    ],
    [
      'webhook headers with a throwing getter',
      (p) => p.parseWebhook({ headers: throwingGetter({}, 'content-type'), body: '{}' })(),
    ],
  ];

  it.each(inputs)('answers %s with a Left, never a throw, and sends nothing', async (_label, run) => {
    const p = provider();
    let settled: E.Either<unknown, unknown> | undefined;
    expect(() => {
      void run(p).then((result) => (settled = result));
    }).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled !== undefined && E.isLeft(settled)).toBe(true);
    expect((settled as E.Left<{ _tag: string }>).left._tag).toMatch(/InvalidRequest|SignatureInvalid/);
  });
});

describe('input read once (item 11)', () => {
  it('sends the orderId a getter gave on its first read, proved on the bytes sent', async () => {
    let reads = 0;
    const request = Object.defineProperty({ orderId: '', amount: '100', currency: 'USD' }, 'orderId', {
      enumerable: true,
      get: () => (reads++ === 0 ? 'ORDER_93223' : 'ORDER_"}, "amount": 1e9, "x":"'),
    });
    const { scope, captured } = stubPost(CREATE, fixtures.response('create.response'));
    expectRight(await provider().createInvoice(request)());
    scope.done();
    expect(reads).toBe(1);
    expect(captured[0]!.body).toBe(
      '{"shop_id":"xBAivfPIbskwuEWj","amount":100,"currency":"USD","order_id":"ORDER_93223"}',
    );
  });

  it('asks for the id a ref getter gave on its first read', async () => {
    let reads = 0;
    const ref = Object.defineProperty({ orderId: null }, 'id', {
      enumerable: true,
      get: () => (reads++ === 0 ? 'INV-89UX09KA' : 'INV-OTHER001'),
    });
    const { scope, captured } = stubPost(INFO, envelope([createdItem()]));
    expectRight(await provider().getInvoice(ref as { id: string; orderId: null })());
    scope.done();
    expect(captured[0]!.body).toBe('{"uuids":["INV-89UX09KA"]}');
    expect(reads).toBe(1);
  });
});

const answering =
  (body: string): HttpTransport =>
  (request: HttpRequest) =>
    TE.right({
      status: 200,
      headers: {},
      body: request.url.endsWith(CANCEL) ? fixtures.text('cancel.response') : body,
    });

const foreignPrototypes = (value: unknown, seen = new Set<unknown>()): string[] => {
  if (typeof value !== 'object' || value === null || seen.has(value) || value instanceof Date) return [];
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  const own = Array.isArray(value) || proto === Object.prototype || proto === null ? [] : [String(proto)];
  return [...own, ...Object.values(value).flatMap((v) => foreignPrototypes(v, seen))];
};

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'status', 'uuid', 'price', 'raw'];

/** JSON bodies: arbitrary ones, and documented ones with a hostile member spliced into the envelope or the item. */
const bodies = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.json(),
    fc.constant(`{"status":"success","result":${DEEP}}`),
    fc
      .tuple(
        fc.constantFrom(...HOSTILE_KEYS),
        fc.json(),
        fc.constantFrom('info.response.2023', 'create.response'),
        fc.boolean(),
      )
      .map(([name, value, fixture, inItem]) => {
        const base = fixture === 'create.response' ? envelope([createdItem()]).body : fixtures.text(fixture);
        const member = `${JSON.stringify(name)}:${value},`;
        return inItem ? base.replace('"uuid":', `${member}"uuid":`) : `{${member}${base.slice(1)}`;
      }),
  );

describe('any JSON body from the provider (property)', () => {
  it('settles every public operation as an Either whose values carry no foreign prototype', async () => {
    const postback = await postbackText();
    await fc.assert(
      fc.asyncProperty(bodies(), async (body) => {
        const p = makeProvider({}, { transport: answering(body), now: () => NOW });
        const results: ReadonlyArray<E.Either<unknown, unknown>> = await Promise.all([
          p.createInvoice(validRequest)(),
          p.getInvoice('INV-XXXXXXXX')(),
          p.cancelInvoice('INV-XXXXXXXX')(),
          p.listInvoices(range)(),
          p.parseWebhook({ headers: {}, body: postback })(),
        ]);
        for (const result of results) {
          expect(E.isLeft(result) || E.isRight(result)).toBe(true);
          if (E.isRight(result)) expect(foreignPrototypes(result.right)).toEqual([]);
        }
        expect(({} as Record<string, unknown>).status).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});
