import { createHmac } from 'node:crypto';
import type { Sandbox } from '../src';
import { get, post, withReceiver, withSandbox, type Answer, type Receiver } from './helpers';

/** NOWPayments' current Node example, verbatim apart from types. */
const sortObject = (obj: Record<string, unknown>): Record<string, unknown> =>
  Object.keys(obj)
    .sort()
    .reduce<Record<string, unknown>>((result, key) => {
      result[key] =
        obj[key] && typeof obj[key] === 'object' ? sortObject(obj[key] as Record<string, unknown>) : obj[key];
      return result;
    }, {});

const signature = (secret: string, text: string): string =>
  createHmac('sha512', secret).update(text).digest('hex');

const creds = (sandbox: Sandbox) => sandbox.credentials.nowpayments;

const call = (
  sandbox: Sandbox,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  method === 'GET'
    ? fetch(`${creds(sandbox).baseUrl}${path}`, {
        headers: { 'x-api-key': creds(sandbox).apiKey, ...headers },
      }).then(async (res): Promise<Answer> => {
        const text = await res.text();
        return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as unknown };
      })
    : post(`${creds(sandbox).baseUrl}${path}`, JSON.stringify(body), {
        'Content-Type': 'application/json',
        'x-api-key': creds(sandbox).apiKey,
        ...headers,
      });

/** The create-invoice request example of NOWPayments' collection. */
const DOCUMENTED_REQUEST = {
  price_amount: 1000,
  price_currency: 'usd',
  order_id: 'RGDBP-21314',
  order_description: 'Apple Macbook Pro 2019 x 1',
  ipn_callback_url: 'https://nowpayments.io',
  success_url: 'https://nowpayments.io',
  cancel_url: 'https://nowpayments.io',
  partially_paid_url: 'https://nowpayments.io',
  is_fixed_rate: true,
  is_fee_paid_by_user: false,
};

const createInvoice = async (sandbox: Sandbox, extra: Record<string, unknown> = {}): Promise<string> => {
  const res = await call(sandbox, 'POST', '/invoice', { ...DOCUMENTED_REQUEST, ...extra });
  expect(res.status).toBe(201);
  return (res.json as { id: string }).id;
};

const ipns = (receiver: Receiver) =>
  receiver.received.map(({ headers, body }) => ({
    signature: headers['x-nowpayments-sig'] as string,
    text: body.toString('utf8'),
    json: JSON.parse(body.toString('utf8')) as Record<string, unknown>,
  }));

describe('NOWPayments — x-api-key', () => {
  it.each([
    ['no key', {}],
    ['another key', { 'x-api-key': 'NOT-THE-KEY' }],
  ])('answers %s with 403 INVALID_API_KEY in the documented error shape', async (_label, headers) =>
    withSandbox({}, async (sandbox) => {
      const res = await post(`${creds(sandbox).baseUrl}/invoice`, JSON.stringify(DOCUMENTED_REQUEST), {
        'Content-Type': 'application/json',
        ...headers,
      });
      expect(res.status).toBe(403);
      expect(res.json).toEqual({
        status: false,
        statusCode: 403,
        code: 'INVALID_API_KEY',
        message: 'Invalid api key',
      });
    }),
  );

  it('issues a NOWPayments-shaped key under /nowpayments/v1, and answers GET /status without one', async () =>
    withSandbox({}, async (sandbox) => {
      expect(creds(sandbox).apiKey).toMatch(/^[A-Z0-9]{7}(-[A-Z0-9]{7}){3}$/);
      expect(creds(sandbox).baseUrl).toBe(`${sandbox.url}/nowpayments/v1`);
      expect((await get(`${creds(sandbox).baseUrl}/status`)).json).toEqual({ message: 'OK' });
    }));
});

describe('NOWPayments — POST /invoice', () => {
  it('answers the documented request with the documented 201 fields', async () =>
    withSandbox({}, async (sandbox) => {
      const res = await call(sandbox, 'POST', '/invoice', DOCUMENTED_REQUEST);
      expect(res.status).toBe(201);
      const invoice = res.json as Record<string, unknown>;
      expect(invoice).toMatchObject({
        order_id: 'RGDBP-21314',
        order_description: 'Apple Macbook Pro 2019 x 1',
        price_amount: '1000',
        price_currency: 'usd',
        pay_currency: null,
        invoice_url: `${sandbox.url}/pay/nowpayments/${String(invoice['id'])}`,
        is_fixed_rate: true,
        is_fee_paid_by_user: false,
      });
      expect(invoice['id']).toMatch(/^\d+$/);
      expect(sandbox.invoice('nowpayments', String(invoice['id']))?.status).toBe('created');
    }));

  it.each([
    ['no price', { price_amount: undefined }, 'INVALID_REQUEST_PARAMS'],
    ['an unknown fiat', { price_currency: 'xyz' }, 'INVALID_REQUEST_PARAMS'],
    ['an unknown coin', { pay_currency: 'nope' }, 'CURRENCY_UNAVAILABLE'],
    ['a price under the coin minimum', { price_amount: 0.5, pay_currency: 'btc' }, 'AMOUNT_MINIMAL_ERROR'],
  ])('refuses %s with 400 %s', async (_label, extra, code) =>
    withSandbox({}, async (sandbox) => {
      const res = await call(sandbox, 'POST', '/invoice', { ...DOCUMENTED_REQUEST, ...extra });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ status: false, statusCode: 400, code });
    }),
  );

  it('states the minimum of a pair with its fiat equivalent (GET /min-amount)', async () =>
    withSandbox({}, async (sandbox) => {
      const res = await call(sandbox, 'GET', '/min-amount?currency_from=btc&fiat_equivalent=usd');
      expect(res.json).toMatchObject({ currency_from: 'btc', fiat_equivalent: 1 });
    }));
});

describe('NOWPayments — payments, IPNs and repeated deposits', () => {
  it('plays a full payment as one signed IPN per status, signed as the current Node example signs', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const id = await createInvoice(sandbox);
      const state = await sandbox.pay('nowpayments', id, 'full');
      expect(state.status).toBe('finished');
      const sent = ipns(receiver);
      expect(sent.map((i) => i.json['payment_status'])).toEqual([
        'waiting',
        'confirming',
        'confirmed',
        'sending',
        'finished',
      ]);
      for (const { signature: sig, json } of sent) {
        expect(sig).toBe(signature(creds(sandbox).secretKey, JSON.stringify(sortObject(json))));
        expect(json['invoice_id']).toBe(Number(id));
        expect(json['fee']).toMatchObject({ withdrawalFee: 0, serviceFee: 0 });
      }
      expect(sent.at(-1)!.json).toMatchObject({
        order_id: 'RGDBP-21314',
        price_amount: 1000,
        price_currency: 'usd',
      });
    }));

  it('signs with the older recipe when asked, which drops the nested fee keys', async () =>
    withReceiver({ nowpaymentsSignatureRecipe: 'key-replacer' }, async (sandbox, receiver) => {
      await sandbox.pay('nowpayments', await createInvoice(sandbox), 'full');
      for (const { signature: sig, json } of ipns(receiver)) {
        expect(sig).toBe(signature(creds(sandbox).secretKey, JSON.stringify(json, Object.keys(json).sort())));
      }
    }));

  it('keeps a short payment partially_paid and takes the rest as a repeated deposit', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const id = await createInvoice(sandbox, { pay_currency: 'trx' });
      const partial = await sandbox.pay('nowpayments', id, 'partial');
      expect(partial.status).toBe('partially_paid');
      const rest = await sandbox.pay('nowpayments', id, 'full');
      expect(rest.status).toBe('partially_paid');
      expect(rest.payment.remaining).toBe('0.000000');
      const last = ipns(receiver).at(-1)!.json;
      expect(last).toMatchObject({
        payment_status: 'finished',
        origin_type: 'REPEATED',
        invoice_id: Number(id),
      });
      const list = await call(sandbox, 'GET', `/payment/?invoiceId=${id}&limit=10&page=0`);
      const [parent, child] = (list.json as { data: Array<Record<string, unknown>> }).data;
      expect(parent).toMatchObject({
        payment_status: 'partially_paid',
        payment_extra_ids: [child!['payment_id']],
      });
      expect(child).toMatchObject({ parent_payment_id: parent!['payment_id'], origin_type: 'REPEATED' });
    }));

  it('expires a waiting payment with an expired IPN', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const state = await sandbox.expire('nowpayments', await createInvoice(sandbox));
      expect(state.status).toBe('expired');
      expect(ipns(receiver).map((i) => i.json['payment_status'])).toEqual(['waiting', 'expired']);
    }));

  it('sends an IPN again after an error, with the same body and signature', async () =>
    withReceiver({ statuses: [500, 503] }, async (sandbox, receiver) => {
      await sandbox.expire('nowpayments', await createInvoice(sandbox));
      await sandbox.idle();
      // Each IPN is retried on its own schedule: the expired IPN goes out once the waiting one was answered.
      const sent = ipns(receiver);
      const [waiting, waitingAgain] = sent.filter((i) => i.json['payment_status'] === 'waiting');
      const [expired, expiredAgain] = sent.filter((i) => i.json['payment_status'] === 'expired');
      expect(sent).toHaveLength(4);
      expect(waitingAgain!.text).toBe(waiting!.text);
      expect(waitingAgain!.signature).toBe(waiting!.signature);
      expect(expiredAgain!.text).toBe(expired!.text);
      expect(expiredAgain!.signature).toBe(expired!.signature);
    }));

  it.each([
    ['success', ['waiting', 'confirming', 'confirmed', 'sending', 'finished']],
    ['partially_paid', ['waiting', 'confirming', 'partially_paid']],
    ['failed', ['waiting', 'confirming', 'failed']],
  ])('plays the sandbox case %s of POST /payment', async (sandboxCase, statuses) =>
    withReceiver({}, async (sandbox, receiver) => {
      const res = await call(sandbox, 'POST', '/payment', {
        ...DOCUMENTED_REQUEST,
        pay_currency: 'btc',
        case: sandboxCase,
      });
      expect(res.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await sandbox.idle();
      expect(ipns(receiver).map((i) => i.json['payment_status'])).toEqual(statuses);
      expect(ipns(receiver)[0]!.json['invoice_id']).toBeNull();
    }),
  );
});

describe('NOWPayments — GET /payment/', () => {
  it('pages the list and refuses a Bearer token it did not issue', async () =>
    withSandbox({}, async (sandbox) => {
      for (let i = 0; i < 3; i += 1) await createInvoice(sandbox, { pay_currency: 'btc' });
      const page = await call(sandbox, 'GET', '/payment/?limit=2&page=1');
      expect(page.json).toMatchObject({ limit: 2, page: 1, pagesCount: 2, total: 3 });
      expect((page.json as { data: unknown[] }).data).toHaveLength(1);
      const refused = await call(sandbox, 'GET', '/payment/?limit=2', undefined, {
        Authorization: 'Bearer forged',
      });
      expect(refused.status).toBe(401);
      const { token } = (await call(sandbox, 'POST', '/auth', { email: 'a@shop.example', password: 'pw' }))
        .json as {
        token: string;
      };
      expect(
        (await call(sandbox, 'GET', '/payment/', undefined, { Authorization: `Bearer ${token}` })).status,
      ).toBe(200);
    }));
});
