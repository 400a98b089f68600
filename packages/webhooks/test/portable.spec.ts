import { createHash, createHmac } from 'node:crypto';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import type { WebhookRequest } from '@invoicekit/core';
import { hexEncode, hmacSha256, networkError, type HttpTransport } from '@invoicekit/core/adapter';
import { createProvider, type InvoiceProvider, type ProviderConfig } from '@invoicekit/gateway';
import { webhookHandler } from '../src';
import { built, callbackText, CP, recordingLogger, testApp } from './support';

// What a Worker or a browser bundle runs: the pure-JS byte codecs and hashes, and no global Buffer.
jest.mock('#bytes', () => jest.requireActual('../../core/src/bytesPortable'));
jest.mock('#crypto', () => jest.requireActual('../../core/src/cryptoPortable'));

const NODE_BUFFER = globalThis.Buffer;
beforeAll(() => Reflect.deleteProperty(globalThis, 'Buffer'));
afterAll(() => {
  globalThis.Buffer = NODE_BUFFER;
});

const hmacHex = (algorithm: string, key: string, text: string): string =>
  createHmac(algorithm, key).update(text).digest('hex');
const base64url = (text: string): string => NODE_BUFFER.from(text).toString('base64url');

/** Confirmation reads never reach a provider: a verified delivery that needs one ends as `ConfirmationFailed`. */
const offline =
  (provider: 'btcpay' | 'cryptocloud'): HttpTransport =>
  () =>
    TE.left(networkError(provider, 'EOFFLINE'));

const providerFor = (config: ProviderConfig, transport?: HttpTransport): InvoiceProvider =>
  built(createProvider(config, transport === undefined ? {} : { transport }));

const tagOf = async (provider: InvoiceProvider, request: WebhookRequest): Promise<string> => {
  const parsed = await provider.parseWebhook(request)();
  return E.isRight(parsed) ? 'Right' : parsed.left._tag;
};

const coinspaid = () => {
  const body = callbackText('coinspaid.invoice.confirmed');
  const signed = (secret: string) => ({
    headers: { 'x-processing-key': CP.apiKey, 'x-processing-signature': hmacHex('sha512', secret, body) },
    body: new TextEncoder().encode(body),
  });
  return { provider: providerFor(CP), authentic: signed(CP.secretKey), forged: signed('not-the-secret') };
};

const nowpayments = () => {
  const secret = 'np-ipn-secret-0001';
  // NOWPayments' Node example signs the body with its keys sorted.
  const body = JSON.stringify({
    actually_paid: 0.01,
    order_id: 'order-1',
    pay_currency: 'btc',
    payment_id: 5077125051,
    payment_status: 'finished',
    price_amount: 100,
    price_currency: 'usd',
  });
  const signed = (key: string) => ({ headers: { 'x-nowpayments-sig': hmacHex('sha512', key, body) }, body });
  const provider = providerFor({
    provider: 'nowpayments',
    apiKey: 'np-api-key',
    secretKey: secret,
    environment: 'sandbox',
  });
  return { provider, authentic: signed(secret), forged: signed('not-the-secret') };
};

const cryptomus = () => {
  const apiKey = 'cm-payment-key-0001';
  const fields = JSON.stringify({
    type: 'payment',
    uuid: '62f88b36-a9d5-4fa6-aa26-e040c3dbf26d',
    order_id: 'order-1',
    amount: '15.00',
    payment_amount: '15.00',
    merchant_amount: '14.70',
    currency: 'USDT',
    payer_currency: 'USDT',
    status: 'paid',
    is_final: true,
  });
  const signed = (key: string) => {
    const sign = createHash('md5')
      .update(`${NODE_BUFFER.from(fields).toString('base64')}${key}`)
      .digest('hex');
    return { headers: {}, body: `${fields.slice(0, -1)},"sign":"${sign}"}` };
  };
  const provider = providerFor({
    provider: 'cryptomus',
    apiKey,
    shopId: 'c26b80a8-8a6f-4d4c-b0b4-2d3a4f1e0c11',
  });
  return { provider, authentic: signed(apiKey), forged: signed('not-the-key') };
};

const btcpay = () => {
  const secret = 'btcpay-webhook-secret';
  const body = JSON.stringify(
    {
      deliveryId: 'delivery-1',
      webhookId: 'webhook-1',
      originalDeliveryId: 'delivery-1',
      isRedelivery: false,
      type: 'InvoiceSettled',
      timestamp: 1775177497,
      storeId: 'store',
      invoiceId: 'invoice-1',
      metadata: {},
    },
    null,
    2,
  );
  const signed = (key: string) => ({
    headers: { 'btcpay-sig': `sha256=${hmacHex('sha256', key, body)}` },
    body,
  });
  const provider = providerFor(
    {
      provider: 'btcpay',
      baseUrl: 'https://btcpay.shop.example',
      apiKey: 'btcpay-api-key',
      shopId: 'store',
      secretKey: secret,
      environment: 'sandbox',
    },
    offline('btcpay'),
  );
  return { provider, authentic: signed(secret), forged: signed('not-the-secret') };
};

const cryptocloud = () => {
  const secret = 'cc-project-secret-0001';
  const unsigned = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(
    JSON.stringify({ id: 'CONF0001', exp: Math.floor(Date.now() / 1000) + 300 }),
  )}`;
  const signed = (key: string) => ({
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      status: 'success',
      invoice_id: 'CONF0001',
      amount_crypto: 0.01,
      currency: 'ETH',
      order_id: 'order-1',
      token: `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`,
    }),
  });
  const provider = providerFor(
    { provider: 'cryptocloud', apiKey: 'cc-api-key', shopId: 'shop-1', secretKey: secret },
    offline('cryptocloud'),
  );
  return { provider, authentic: signed(secret), forged: signed('not-the-secret') };
};

describe('webhooks on the pure-JS codecs and hashes, with no global Buffer', () => {
  it('runs the portable implementations, not node:crypto', () => {
    expect(globalThis.Buffer).toBeUndefined();
    expect(hexEncode(hmacSha256('key', 'data'))).toBe(hmacHex('sha256', 'key', 'data'));
    expect(hmacSha256('key', 'data')).not.toBeInstanceOf(NODE_BUFFER);
  });

  it.each([
    ['CoinsPaid (HMAC-SHA512 over the bytes)', coinspaid, 'Right'],
    ['NOWPayments (HMAC-SHA512 over the sorted body)', nowpayments, 'Right'],
    ['Cryptomus (MD5 over base64 and the key)', cryptomus, 'Right'],
    ['BTCPay (HMAC-SHA256, then confirmed)', btcpay, 'ConfirmationFailed'],
    ['CryptoCloud (HS256 token, then confirmed)', cryptocloud, 'ConfirmationFailed'],
  ])('%s: verifies an authentic delivery and refuses a forged one', async (_label, make, verified) => {
    const { provider, authentic, forged } = make();
    expect(await tagOf(provider, authentic)).toBe(verified);
    expect(await tagOf(provider, forged)).toBe('SignatureInvalid');
  });

  it('webhookHandler reads the Request body and answers 200 for an authentic delivery, 400 for a forged one', async () => {
    const app = testApp();
    const { provider, authentic, forged } = coinspaid();
    const logger = recordingLogger();
    const handle = webhookHandler({ provider, onEvent: app.onEvent, logger });
    const post = (delivery: typeof authentic) =>
      new Request('https://shop.example/webhooks', { method: 'POST', ...delivery });
    expect((await handle(post(authentic))).status).toBe(200);
    expect((await handle(post(forged))).status).toBe(400);
    expect(app.applied.map((event) => event.status)).toEqual(['paid']);
    expect(logger.lines.map(([level]) => level)).toEqual(['warn']);
  });
});
