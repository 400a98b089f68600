import { inspect } from 'node:util';
import nock from 'nock';
import { expectLeftTag, useNock } from '@invoicekit/testkit';
import { BTCPAY_MAX_WEBHOOK_BODY_BYTES, signWebhookBody } from '../src';
import {
  API_KEY,
  BASE_URL,
  indented,
  INVOICE_ID,
  makeProvider,
  PATHS,
  plain,
  record,
  signedDelivery,
  WEBHOOK_SECRET,
} from './helpers';

useNock();

const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;

describe('hostile answers and deliveries', () => {
  it('answers an invoice body of 5,000 nested arrays with UnexpectedResponse', async () => {
    nock(BASE_URL).get(PATHS.invoice).reply(200, DEEP);
    expectLeftTag(await makeProvider().getInvoice(INVOICE_ID)(), 'UnexpectedResponse');
  });

  it('answers a signed delivery of 5,000 nested arrays with MalformedWebhook', async () => {
    const result = await makeProvider().parseWebhook({
      headers: { 'btcpay-sig': signWebhookBody(DEEP, WEBHOOK_SECRET) },
      body: DEEP,
    })();
    expectLeftTag(result, 'MalformedWebhook');
  });

  it('answers a signed delivery with a __proto__ member with MalformedWebhook, never polluting', async () => {
    const text = `{"__proto__":{"polluted":true},${JSON.stringify(record('webhook.settled')).slice(1)}`;
    const result = await makeProvider().parseWebhook({
      headers: { 'btcpay-sig': signWebhookBody(text, WEBHOOK_SECRET) },
      body: text,
    })();
    expectLeftTag(result, 'MalformedWebhook');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('scrubs the API key and webhook secret that a proxy echoes into an error body', async () => {
    const echo = JSON.stringify([{ path: 'amount', message: `got token ${API_KEY} and ${WEBHOOK_SECRET}` }]);
    nock(BASE_URL).post(PATHS.invoices).reply(422, echo);
    const error = expectLeftTag(
      await makeProvider().createInvoice({ orderId: 'o-1', amount: '1', currency: 'EUR' })(),
      'Rejected',
    );
    const printed = `${JSON.stringify(error)} ${inspect(error, { depth: null })}`;
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(WEBHOOK_SECRET);
  });

  it('refuses an invoice read naming another invoice than the delivery', async () => {
    nock(BASE_URL)
      .get(PATHS.invoice)
      .reply(200, JSON.stringify({ ...record('invoice.settled'), id: 'AnotherInvoice1' }));
    nock(BASE_URL)
      .get(PATHS.methods)
      .reply(200, JSON.stringify(plain('methods.paid')));
    expectLeftTag(
      await makeProvider().parseWebhook(signedDelivery(plain('webhook.settled')))(),
      'SignatureInvalid',
    );
  });

  it('refuses a delivery whose headers are a throwing getter with SignatureInvalid', async () => {
    const request = Object.defineProperty({ body: '{}' }, 'headers', {
      enumerable: true,
      get() {
        throw new Error('headers exploded');
      },
    });
    expectLeftTag(await makeProvider().parseWebhook(request as never)(), 'SignatureInvalid');
  });

  it('scrubs the API key a proxy echoes from Authorization into the invoice read of a delivery', async () => {
    nock(BASE_URL)
      .get(PATHS.invoice)
      .reply(403, { code: 'unauthenticated', message: `refused "Authorization: token ${API_KEY}"` });
    const error = expectLeftTag(
      await makeProvider().parseWebhook(signedDelivery(plain('webhook.settled')))(),
      'ConfirmationFailed',
    );
    const printed = `${JSON.stringify(error)} ${inspect(error, { depth: null })}`;
    expect(printed).toContain('Authorization: token');
    expect(printed).not.toContain(API_KEY);
  });
});

describe('the delivery body limit', () => {
  /** A signed delivery of exactly `size` bytes: the settled event, indented, padded inside its braces. */
  const deliveryOf = (size: number) => {
    const text = indented(plain('webhook.settled'));
    const padded = `${text.slice(0, -1)}${' '.repeat(size - Buffer.byteLength(text))}}`;
    return { headers: { 'btcpay-sig': signWebhookBody(padded, WEBHOOK_SECRET) }, body: padded };
  };

  it('is 256 KiB, declared to the webhook handlers', () => {
    expect(BTCPAY_MAX_WEBHOOK_BODY_BYTES).toBe(256 * 1024);
    expect(makeProvider().maxWebhookBodyBytes).toBe(BTCPAY_MAX_WEBHOOK_BODY_BYTES);
  });

  it('reads a correctly signed delivery of exactly the limit', async () => {
    nock(BASE_URL)
      .get(PATHS.invoice)
      .reply(200, JSON.stringify(plain('invoice.settled')));
    nock(BASE_URL)
      .get(PATHS.methods)
      .reply(200, JSON.stringify(plain('methods.paid')));
    const result = await makeProvider().parseWebhook(deliveryOf(BTCPAY_MAX_WEBHOOK_BODY_BYTES))();
    expect(result).toMatchObject({ right: { invoiceId: INVOICE_ID, status: 'paid' } });
  });

  it('refuses a correctly signed delivery one byte over it unread, with no invoice read', async () => {
    const error = expectLeftTag(
      await makeProvider().parseWebhook(deliveryOf(BTCPAY_MAX_WEBHOOK_BODY_BYTES + 1))(),
      'SignatureInvalid',
    );
    expect(error.message).toContain('262144 bytes');
    expect(error.message).toContain('maxWebhookBodyBytes');
  });
});
