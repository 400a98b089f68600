import { createCryptocloudInvoice, documented, post, tokenPost, withSandbox } from './helpers';

const CC_ERRORS = documented['cryptocloud.error'];

const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;
const utc = (text: string): number => Date.parse(`${text.replace(' ', 'T').slice(0, 23)}Z`);

describe('CryptoCloud — token auth', () => {
  it.each([
    ['no Authorization header', {}, 401, CC_ERRORS.unauthorized],
    ['a Bearer scheme', { Authorization: 'Bearer abc' }, 401, CC_ERRORS.unauthorized],
    ['a malformed token', { Authorization: 'Token not-a-jwt' }, 403, { detail: 'Invalid header padding' }],
    [
      'a JWT that is not the project key',
      { Authorization: 'Token eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl' },
      403,
      { detail: 'Signature verification failed' },
    ],
  ])('answers %s with the documented error', async (_label, headers, status, body) =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      const res = await post(
        `${creds.baseUrl}/v2/invoice/create`,
        JSON.stringify({ shop_id: creds.shopId, amount: 100 }),
        { 'Content-Type': 'application/json', ...headers },
      );
      expect(res.status).toBe(status);
      expect(res.json).toEqual(body);
    }),
  );

  it('issues a JWT-shaped API key', async () =>
    withSandbox({}, async (sandbox) => {
      expect(sandbox.credentials.cryptocloud.apiKey).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(sandbox.credentials.cryptocloud.baseUrl).toBe(`${sandbox.url}/cryptocloud`);
    }));
});

describe('CryptoCloud — /v2/invoice/create', () => {
  it('creates an invoice shaped like the documented response', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      const res = await tokenPost(
        `${creds.baseUrl}/v2/invoice/create`,
        {
          shop_id: creds.shopId,
          amount: 100,
          currency: 'USD',
          order_id: 'ORDER_93223',
          email: 'email@example.com',
          add_fields: { time_to_pay: { hours: 2, minutes: 30 }, cryptocurrency: 'ETH' },
        },
        creds.apiKey,
      );
      expect(res.status).toBe(200);
      const { status, result } = res.json as { status: string; result: Record<string, unknown> };
      expect(status).toBe('success');
      expect(result['uuid']).toMatch(/^INV-[A-Z0-9]{8}$/);
      expect(result['link']).toBe(`${sandbox.url}/pay/cryptocloud/${String(result['uuid']).slice(4)}`);
      expect(result['created']).toMatch(DATE);
      expect(result['expiry_date']).toMatch(DATE);
      const lifetime = utc(String(result['expiry_date'])) - utc(String(result['created']));
      expect(lifetime).toBe(150 * 60_000);
      expect(result).toMatchObject({
        status: 'created',
        fiat_currency: 'USD',
        amount_usd: 100,
        amount_in_fiat: 100,
        invoice_id: null,
        test_mode: false,
        currency: { code: 'ETH', fullcode: 'ETH', network: { code: 'ERC20' } },
      });
      expect(typeof result['amount']).toBe('number');
      expect(result['address']).toMatch(/^0x[0-9a-f]{40}$/);
      expect(res.text).toMatch(/"amount":0\.\d+,/);
    }));

  it('converts other fiat currencies exactly (149.9 EUR × 1.08 = 161.892 → 161.90 rounded up) and defaults the lifetime to 24 h', async () =>
    withSandbox({ cryptocloudTestMode: true }, async (sandbox) => {
      const result = await createCryptocloudInvoice(sandbox, {
        amount: 149.9,
        currency: 'EUR',
        add_fields: { cryptocurrency: 'USDT_TRC20' },
      });
      expect(result).toMatchObject({
        amount_in_fiat: 149.9,
        amount_usd: 161.9,
        amount: 161.9,
        test_mode: true,
      });
      expect(result['address']).toMatch(/^T/);
      expect(utc(String(result['expiry_date'])) - utc(String(result['created']))).toBe(24 * 3_600_000);
    }));

  it('ignores optional parameters outside add_fields, like the real API', async () =>
    withSandbox({}, async (sandbox) => {
      const result = await createCryptocloudInvoice(sandbox, {
        time_to_pay: { hours: 1, minutes: 0 },
        cryptocurrency: 'BTC',
        whatever: true,
      });
      expect(utc(String(result['expiry_date'])) - utc(String(result['created']))).toBe(24 * 3_600_000);
      expect(result['address']).toBeNull();
      expect(result['currency']).toMatchObject({ fullcode: 'USDT_TRC20' });
    }));

  it.each([
    ['an unknown shop_id', { shop_id: 'nope' }, { shop_id: 'Shop not found' }],
    ['a missing amount', { amount: undefined }, { amount: 'This field is required.' }],
    ['a string amount', { amount: 'ten' }, { amount: 'A valid number is required.' }],
    ['an amount under 1 USD', { amount: 0.5 }, { amount: 'Minimum amount: 1 USD' }],
    [
      'an unknown cryptocurrency',
      { add_fields: { cryptocurrency: 'DOGE' } },
      { cryptocurrency: 'Currency not found' },
    ],
  ])('rejects %s', async (_label, overrides, errors) =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      const res = await tokenPost(
        `${creds.baseUrl}/v2/invoice/create`,
        { shop_id: creds.shopId, amount: 100, ...overrides },
        creds.apiKey,
      );
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ status: 'error', result: errors });
    }),
  );

  it('accepts exactly the 25 documented fiat currencies', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      const res = await tokenPost(
        `${creds.baseUrl}/v2/invoice/create`,
        { shop_id: creds.shopId, amount: 100, currency: 'CHF' },
        creds.apiKey,
      );
      expect(res.status).toBe(400);
      const message = (res.json as { result: { currency: string } }).result.currency;
      expect(message.split(': ')[1]?.split(', ')).toHaveLength(25);
      const ok = await createCryptocloudInvoice(sandbox, { currency: 'UZS', amount: 1_000_000 });
      expect(ok['fiat_currency']).toBe('UZS');
    }));
});

describe('CryptoCloud — merchant info, cancel and list', () => {
  it('finds invoices by uuid with or without INV-', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      const a = await createCryptocloudInvoice(sandbox, { order_id: 'A-1' });
      const b = await createCryptocloudInvoice(sandbox, { order_id: 'B-2' });
      const res = await tokenPost(
        `${creds.baseUrl}/v2/invoice/merchant/info`,
        { uuids: [a['uuid'], String(b['uuid']).slice(4), 'INV-NOSUCHID'] },
        creds.apiKey,
      );
      expect(res.status).toBe(200);
      const result = (res.json as { result: Array<Record<string, unknown>> }).result;
      expect(result.map((i) => [i['uuid'], i['order_id'], i['status']])).toEqual([
        [a['uuid'], 'A-1', 'created'],
        [b['uuid'], 'B-2', 'created'],
      ]);
      const missing = await tokenPost(`${creds.baseUrl}/v2/invoice/merchant/info`, {}, creds.apiKey);
      expect(missing.json).toEqual({ status: 'error', result: { uuids: 'This field is required.' } });
    }));

  it('cancels only a created invoice', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      const cancel = (uuid: unknown) =>
        tokenPost(`${creds.baseUrl}/v2/invoice/merchant/canceled`, { uuid }, creds.apiKey);
      const open = await createCryptocloudInvoice(sandbox);
      const first = await cancel(String(open['uuid']).slice(4));
      expect(first.status).toBe(200);
      expect(first.json).toEqual({ status: 'success', result: ['ok'] });
      expect(sandbox.invoice('cryptocloud', String(open['uuid']))?.status).toBe('canceled');
      const again = await cancel(open['uuid']);
      expect(again.status).toBe(400);
      expect(again.json).toEqual(CC_ERRORS.cancelNotCreated);
      expect((await cancel(undefined)).json).toEqual(CC_ERRORS.cancelUuidRequired);

      const paid = await createCryptocloudInvoice(sandbox);
      await sandbox.pay('cryptocloud', String(paid['uuid']));
      expect((await cancel(paid['uuid'])).json).toEqual(CC_ERRORS.cancelNotCreated);
      expect((await cancel('INV-NOSUCHID')).status).toBe(404);
    }));

  it('lists invoices created between two dd.mm.yyyy dates, newest first, with offset and limit', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptocloud;
      for (const order of ['L-1', 'L-2', 'L-3']) {
        await createCryptocloudInvoice(sandbox, { order_id: order });
        await new Promise((r) => setTimeout(r, 5));
      }
      const today = new Date().toISOString().slice(0, 10).split('-').reverse().join('.');
      const list = (body: Record<string, unknown>) =>
        tokenPost(`${creds.baseUrl}/v2/invoice/merchant/list`, body, creds.apiKey);
      const all = await list({ start: today, end: today });
      expect(all.status).toBe(200);
      const body = all.json as { result: Array<{ order_id: string }>; all_count: number };
      expect(body.result.map((i) => i.order_id)).toEqual(['L-3', 'L-2', 'L-1']);
      expect(body.all_count).toBe(3);
      const page = (await list({ start: today, end: today, offset: 1, limit: 1 })).json as typeof body;
      expect(page.result.map((i) => i.order_id)).toEqual(['L-2']);
      expect((await list({ start: '01.01.2020', end: '31.12.2020' })).json).toMatchObject({
        result: [],
        all_count: 0,
      });
      const bad = await list({ start: '2020-01-01' });
      expect(bad.status).toBe(400);
      expect(Object.keys((bad.json as { result: object }).result)).toEqual(['start', 'end']);
    }));
});
