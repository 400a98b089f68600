import { inspect } from 'node:util';
import nock from 'nock';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES, signBody, signWebhook } from '../src';
import { API_KEY, BASE_URL, makeProvider, MERCHANT, PAID_WEBHOOK, PAYOUT_KEY, webhookOf } from './helpers';

useNock();

const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const UUID = '1ec87133-b22d-4643-988f-cac29a6ac85d';
const printed = (value: unknown): string => `${JSON.stringify(value)} ${inspect(value, { depth: null })}`;

describe.each(['cryptomus', 'heleket'] as const)('%s: hostile answers and webhooks', (preset) => {
  const provider = () => makeProvider({ payoutKey: PAYOUT_KEY }, {}, preset);

  it('answers an info body of 5,000 nested arrays with UnexpectedResponse', async () => {
    const scope = nock(BASE_URL).post('/v1/payment/info').reply(200, `{"state":0,"result":${DEEP}}`);
    const error = expectLeftTag(await provider().getInvoice(UUID)(), 'UnexpectedResponse');
    scope.done();
    expect(error.message).toContain('nests deeper than 64');
  });

  it('refuses a webhook of 5,000 nested arrays signed by the raw recipe, never reading it', async () => {
    const unsigned = `{"type":"payment","deep":${DEEP}}`;
    const body = `${unsigned.slice(0, -1)},"sign":"${signBody(unsigned, API_KEY)}"}`;
    expectLeftTag(await provider().parseWebhook(webhookOf(body))(), 'SignatureInvalid');
  });

  it.each(['"__proto__"', '"\\u005f_proto__"'])(
    'refuses a webhook with a %s member, never polluting',
    async (name) => {
      const body = signWebhook(PAID_WEBHOOK, API_KEY).replace('{', `{${name}:{"polluted":true},`);
      expectLeftTag(await provider().parseWebhook(webhookOf(body))(), 'SignatureInvalid');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('refuses a webhook whose headers are a throwing getter with SignatureInvalid', async () => {
    const request = Object.defineProperty({ body: signWebhook(PAID_WEBHOOK, API_KEY) }, 'headers', {
      enumerable: true,
      get() {
        throw new Error('headers exploded');
      },
    });
    expectLeftTag(await provider().parseWebhook(request as never)(), 'SignatureInvalid');
  });

  it('scrubs the merchant id, payment and payout keys a proxy echoes from the merchant/sign headers', async () => {
    const echo = `headers were merchant: ${MERCHANT}; key ${API_KEY}; payout ${PAYOUT_KEY}`;
    const scope = nock(BASE_URL)
      .post('/v1/payment')
      .reply(422, { state: 1, message: echo, errors: { amount: [echo] } });
    const error = expectLeftTag(
      await provider().createInvoice({ orderId: 'order-42', amount: '15.00', currency: 'USD' })(),
      'Rejected',
    );
    scope.done();
    expect(printed(error)).toContain('headers were merchant');
    for (const secret of [MERCHANT, API_KEY, PAYOUT_KEY]) expect(printed(error)).not.toContain(secret);
  });
});

describe('the webhook body limit', () => {
  /** The paid webhook, signed as the providers sign it, of exactly `size` bytes (`additional_data` padded). */
  const webhookSized = (size: number) => {
    const base = Buffer.byteLength(signWebhook({ ...PAID_WEBHOOK, additional_data: '' }, API_KEY));
    return signWebhook({ ...PAID_WEBHOOK, additional_data: 'x'.repeat(size - base) }, API_KEY);
  };

  it('is 16 KiB, declared to the webhook handlers', () => {
    expect(CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES).toBe(16 * 1024);
    expect(makeProvider().maxWebhookBodyBytes).toBe(CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES);
  });

  it('reads a correctly signed webhook of exactly the limit', async () => {
    const body = webhookSized(CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES);
    expect(expectRight(await makeProvider().parseWebhook(webhookOf(body))())).toMatchObject({
      invoiceId: UUID,
      status: 'paid',
    });
  });

  it('refuses a correctly signed webhook one byte over it before parsing', async () => {
    const error = expectLeftTag(
      await makeProvider().parseWebhook(webhookOf(webhookSized(CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES + 1)))(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('16384 bytes');
    expect(error.message).toContain('maxWebhookBodyBytes');
  });

  it('refuses a body over it as a string before copying it, whatever it holds', async () => {
    const error = expectLeftTag(
      await makeProvider().parseWebhook(webhookOf(`{${' '.repeat(CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES)}}`))(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('was not read');
  });
});
