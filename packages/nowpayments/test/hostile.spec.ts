import { inspect } from 'node:util';
import nock from 'nock';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { NOWPAYMENTS_MAX_IPN_BYTES } from '../src';
import { API_KEY, BASE_URL, EMAIL, PASSWORD, fixtures, ipn, makeProvider, sign } from './helpers';

useNock();

const api = () => nock(BASE_URL.replace(/\/v1$/, ''));
const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const printed = (value: unknown): string => `${JSON.stringify(value)} ${inspect(value, { depth: null })}`;
const order = { orderId: 'RGDBP-21314', amount: '1000', currency: 'USD' };

/** The documented status answer as a payment IPN for the invoice the documented create answered. */
const payment = (fields: Record<string, unknown> = {}): string =>
  JSON.stringify({
    ...(JSON.parse(fixtures.body('payment.status.response')) as object),
    invoice_id: 4522625843,
    ...fields,
  });

describe('hostile answers and IPNs', () => {
  it('answers a payment read of 5,000 nested arrays with UnexpectedResponse', async () => {
    const scope = api().get('/v1/payment/5077125051').reply(200, DEEP);
    const error = expectLeftTag(await makeProvider().getPayment('5077125051')(), 'UnexpectedResponse');
    scope.done();
    expect(error.message).toContain('nests deeper than 64');
  });

  it('refuses an IPN of 5,000 nested arrays as SignatureInvalid: no signed string can be rebuilt', async () => {
    const body = payment().replace('{', `{"deep":${DEEP},`);
    const error = expectLeftTag(
      await makeProvider().parseWebhook({ headers: { 'x-nowpayments-sig': 'ab'.repeat(64) }, body })(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('not a JSON object');
  });

  it.each(['"__proto__"', '"\\u005f_proto__"'])(
    'refuses an IPN with a %s member unread, never polluting',
    async (name) => {
      const body = payment().replace('{', `{${name}:{"polluted":true,"payment_status":"finished"},`);
      const request = { headers: { 'x-nowpayments-sig': sign(payment()) }, body };
      expectLeftTag(await makeProvider().parseWebhook(request)(), 'SignatureInvalid');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses an IPN whose headers are a throwing getter with SignatureInvalid', async () => {
    const request = Object.defineProperty({ body: payment() }, 'headers', {
      enumerable: true,
      get() {
        throw new Error('headers exploded');
      },
    });
    expectLeftTag(await makeProvider().parseWebhook(request as never)(), 'SignatureInvalid');
  });

  it('scrubs the x-api-key value a proxy echoes into a refused create', async () => {
    const scope = api()
      .post('/v1/invoice')
      .reply(400, {
        status: false,
        statusCode: 400,
        code: 'BAD_REQUEST',
        message: `request headers were {"x-api-key":"${API_KEY}"}`,
      });
    const error = expectLeftTag(
      await makeProvider({ checkMinimum: false }).createInvoice(order)(),
      'Rejected',
    );
    scope.done();
    expect(printed(error)).toContain('x-api-key');
    expect(printed(error)).not.toContain(API_KEY);
  });

  it('scrubs the e-mail and password a proxy echoes into a refused login', async () => {
    const scope = api()
      .post('/v1/auth')
      .reply(403, {
        status: false,
        statusCode: 403,
        code: 'INVALID_CREDENTIALS',
        message: `no account for {"email":"${EMAIL}","password":"${PASSWORD}"}`,
      });
    const error = expectLeftTag(
      await makeProvider({ email: EMAIL, password: PASSWORD }).getInvoice('4522625843')(),
      'Unauthorized',
    );
    scope.done();
    expect(printed(error)).toContain('no account for');
    for (const secret of [EMAIL, PASSWORD, API_KEY]) expect(printed(error)).not.toContain(secret);
  });
});

describe('the IPN body limit', () => {
  /** A correctly signed payment IPN of exactly `size` bytes, its `order_description` padded. */
  const ipnOf = (size: number) => {
    const base = payment({ order_description: '' });
    return ipn(payment({ order_description: 'x'.repeat(size - Buffer.byteLength(base)) }));
  };

  it('is 64 KiB, declared to the webhook handlers', () => {
    expect(NOWPAYMENTS_MAX_IPN_BYTES).toBe(64 * 1024);
    expect(makeProvider().maxWebhookBodyBytes).toBe(NOWPAYMENTS_MAX_IPN_BYTES);
  });

  it('reads a correctly signed IPN of exactly the limit', async () => {
    const request = ipnOf(NOWPAYMENTS_MAX_IPN_BYTES);
    expect(Buffer.byteLength(request.body)).toBe(NOWPAYMENTS_MAX_IPN_BYTES);
    expect(expectRight(await makeProvider().parseWebhook(request)())).toMatchObject({
      invoiceId: '4522625843',
    });
  });

  it('refuses a correctly signed IPN one byte over it before parsing', async () => {
    const error = expectLeftTag(
      await makeProvider().parseWebhook(ipnOf(NOWPAYMENTS_MAX_IPN_BYTES + 1))(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('65536 bytes');
    expect(error.message).toContain('maxWebhookBodyBytes');
  });
});
