import type { Sandbox } from '../src';
import {
  coinspaidRequest,
  documented,
  post,
  signedPost,
  tokenPost,
  withSandbox,
  type Answer,
} from './helpers';

const json = { 'Content-Type': 'application/json' };
const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A create body with the amount written as raw JSON number text. */
const withAmountText = (body: Record<string, unknown>, amount: string): string =>
  JSON.stringify({ ...body, amount: 0 }).replace('"amount":0', `"amount":${amount}`);

const HOSTILE_AMOUNTS: ReadonlyArray<readonly [string, string]> = [
  ['an exponent of a billion', '1e999999999'],
  ['a negative exponent of a billion', '1e-999999999'],
  ['an exponent one past the bound', '1e1001'],
  ['an exponent with 100,000 digits', `1e${'9'.repeat(100_000)}`],
  ['200,000 digits', '9'.repeat(200_000)],
  ['200,000 fraction digits', `1.${'1'.repeat(200_000)}`],
];

const HOSTILE_BODIES: ReadonlyArray<readonly [string, (valid: Record<string, unknown>) => string]> = [
  ['5,000 nested arrays', (valid) => JSON.stringify(valid).replace(/}$/, `,"extra":${deep(5000)}}`)],
  ['nesting past 512 levels at the top', () => deep(600)],
  ['a __proto__ member', (valid) => JSON.stringify(valid).replace(/}$/, ',"__proto__":{"amount":-5}}')],
  [
    'an escaped __proto__ member',
    (valid) => JSON.stringify(valid).replace(/}$/, ',"\\u005f_proto__":{"polluted":true}}'),
  ],
];

/** Proves the server still answers, and nothing leaked into Object.prototype. */
const stillUp = async (sandbox: Sandbox): Promise<void> => {
  const creds = sandbox.credentials.cryptoprocessing;
  const res = await signedPost(`${creds.baseUrl}/invoices/create`, JSON.stringify(coinspaidRequest()), creds);
  expect(res.status).toBe(201);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['amount']).toBeUndefined();
};

describe('CoinsPaid platform — hostile create requests over HTTP', () => {
  const create = (sandbox: Sandbox, body: string): Promise<Answer> => {
    const creds = sandbox.credentials.cryptoprocessing;
    return signedPost(`${creds.baseUrl}/invoices/create`, body, creds);
  };

  it.each(HOSTILE_AMOUNTS)(
    'answers an amount with %s with the documented 400, and stays up',
    async (_l, text) =>
      withSandbox({}, async (sandbox) => {
        const res = await create(sandbox, withAmountText(coinspaidRequest({ currency: 'BTC' }), text));
        expect(res.status).toBe(400);
        expect(res.json).toEqual(documented['coinspaid.error.400'].amountNotANumber);
        expect(sandbox.invoices('cryptoprocessing')).toHaveLength(0);
        await stillUp(sandbox);
      }),
  );

  it('accepts the largest exponent core reads (1e1000) with its exact digits', async () =>
    withSandbox({}, async (sandbox) => {
      const res = await create(sandbox, withAmountText(coinspaidRequest({ currency: 'BTC' }), '1e1000'));
      expect(res.status).toBe(201);
      expect((res.json as { data: { amount: string } }).data.amount).toBe(`1${'0'.repeat(1000)}.00000000`);
    }));

  it.each(HOSTILE_BODIES)('answers %s with bad_content_format, and stays up', async (_label, body) =>
    withSandbox({}, async (sandbox) => {
      const res = await create(sandbox, body(coinspaidRequest()));
      expect(res.status).toBe(400);
      expect(res.json).toEqual(documented['coinspaid.error.400'].badContentFormat);
      expect(sandbox.invoices('cryptoprocessing')).toHaveLength(0);
      await stillUp(sandbox);
    }),
  );
});

describe('CryptoCloud — hostile requests over HTTP', () => {
  const valid = (sandbox: Sandbox) => ({ shop_id: sandbox.credentials.cryptocloud.shopId, amount: 100 });
  const send = (sandbox: Sandbox, path: string, body: string): Promise<Answer> =>
    post(`${sandbox.credentials.cryptocloud.baseUrl}${path}`, body, {
      ...json,
      Authorization: `Token ${sandbox.credentials.cryptocloud.apiKey}`,
    });

  it.each(HOSTILE_AMOUNTS)(
    'answers an amount with %s with a 400 error envelope, and stays up',
    async (_l, text) =>
      withSandbox({}, async (sandbox) => {
        const res = await send(sandbox, '/v2/invoice/create', withAmountText(valid(sandbox), text));
        expect(res.status).toBe(400);
        expect(res.json).toEqual({ status: 'error', result: { amount: 'A valid number is required.' } });
        expect(sandbox.invoices('cryptocloud')).toHaveLength(0);
        await stillUp(sandbox);
      }),
  );

  it.each(HOSTILE_BODIES)(
    'answers %s on every endpoint with a 400 detail, and stays up',
    async (_label, body) =>
      withSandbox({}, async (sandbox) => {
        for (const path of [
          '/v2/invoice/create',
          '/v2/invoice/merchant/info',
          '/v2/invoice/merchant/canceled',
          '/v2/invoice/merchant/list',
        ]) {
          const res = await send(sandbox, path, body(valid(sandbox)));
          expect(res.status).toBe(400);
          expect(Object.keys(res.json as object)).toEqual(['detail']);
        }
        expect(sandbox.invoices('cryptocloud')).toHaveLength(0);
        const ok = await tokenPost(
          `${sandbox.credentials.cryptocloud.baseUrl}/v2/invoice/create`,
          valid(sandbox),
          sandbox.credentials.cryptocloud.apiKey,
        );
        expect(ok.status).toBe(200);
        await stillUp(sandbox);
      }),
  );
});

describe('control API — hostile bodies', () => {
  it.each([
    ['faults', '{"kind":"reply","status":500,"body":"","headers":{"__proto__":{"x":"1"}}}'],
    ['faults', `{"kind":"reply","status":500,"body":${deep(5000)}}`],
    ['callbacks', '{"type":"deposit","__proto__":{"status":"confirmed"}}'],
    ['callbacks', `{"type":"deposit","status":${deep(5000)}}`],
  ])('answers a hostile %s body with 400, and stays up', async (path, body) =>
    withSandbox({}, async (sandbox) => {
      const res = await post(`${sandbox.url}/_sandbox/coinspaid/${path}`, body, json);
      expect(res.status).toBe(400);
      expect(sandbox.pendingFaults('coinspaid')).toBe(0);
      await stillUp(sandbox);
    }),
  );
});
