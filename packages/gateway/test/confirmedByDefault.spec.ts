import nock from 'nock';
import * as E from 'fp-ts/Either';
import { expectRight, useNock } from '@invoicekit/testkit';
import {
  createGateway,
  createProvider,
  providerFromEnv,
  signPostbackToken,
  withPromises,
  type InvoiceProvider,
  type ProviderConfig,
} from '../src';

const SECRET = 'cc-postback-secret-0123';
const BASE_URL = 'https://cc.confirm.test';
const config = {
  provider: 'cryptocloud',
  apiKey: 'cc-api-key-0123',
  shopId: 'shop-0123',
  secretKey: SECRET,
  baseUrl: BASE_URL,
} satisfies ProviderConfig;

/** A paid invoice as merchant/info reports it (2024 page shape). */
const paidInfo = {
  status: 'success',
  result: [
    {
      uuid: 'INV-CONF0001',
      status: 'paid',
      amount: 0.034187,
      amount_paid: 0.01,
      amount_in_fiat: 100.0,
      fiat_currency: 'USD',
      link: 'https://pay.cryptocloud.plus/CONF0001',
      currency: { code: 'ETH', fullcode: 'ETH', network: { code: 'ERC20' } },
      order_id: 'order-confirm',
      test_mode: false,
    },
  ],
};

const postback = async () => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    status: 'success',
    invoice_id: 'CONF0001',
    amount_crypto: 999,
    currency: 'ETH',
    order_id: 'order-confirm',
    token: await signPostbackToken('CONF0001', SECRET),
  }),
});

const built = (result: E.Either<unknown, InvoiceProvider>): InvoiceProvider => expectRight(result);

useNock();

describe.each<[string, () => InvoiceProvider]>([
  ['createProvider', () => built(createProvider(config))],
  [
    'providerFromEnv',
    () =>
      built(
        providerFromEnv({
          INVOICEKIT_PROVIDER: 'cryptocloud',
          INVOICEKIT_API_KEY: config.apiKey,
          INVOICEKIT_SHOP_ID: config.shopId,
          INVOICEKIT_SECRET_KEY: SECRET,
          INVOICEKIT_BASE_URL: BASE_URL,
        }),
      ),
  ],
  ['createGateway', () => expectRight(createGateway({ providers: { cloud: config } })).provider('cloud')],
])('a CryptoCloud postback through %s', (_label, make) => {
  it('is confirmed with merchant/info before it becomes an event', async () => {
    const scope = nock(BASE_URL)
      .post('/v2/invoice/merchant/info', { uuids: ['INV-CONF0001'] })
      .reply(200, paidInfo);
    const event = expectRight(await make().parseWebhook(await postback())());
    scope.done();
    expect(event).toMatchObject({
      confirmed: true,
      status: 'paid',
      received: { amount: '0.01', currency: 'ETH' },
    });
  });

  it('is confirmed through the Promise facade too, which rejects when confirmation fails', async () => {
    const scope = nock(BASE_URL).post('/v2/invoice/merchant/info').reply(503, 'down');
    await expect(withPromises(make()).parseWebhook(await postback())).rejects.toMatchObject({
      tag: 'ConfirmationFailed',
      error: { error: { _tag: 'ProviderUnavailable', status: 503 } },
    });
    scope.done();
  });
});
