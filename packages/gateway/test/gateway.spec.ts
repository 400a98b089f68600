import nock from 'nock';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { createGateway, signCallback, signPostbackToken, withPromises, type ProviderConfig } from '../src';
import { fixtures, order } from './support';

const CP = {
  provider: 'cryptoprocessing',
  apiKey: 'cp-key',
  secretKey: 'cp-secret',
  baseUrl: 'https://cp.test/api/v2',
} satisfies ProviderConfig;
const AP = {
  provider: 'alphapo',
  apiKey: 'ap-key',
  secretKey: 'ap-secret',
  baseUrl: 'https://ap.test/api/v2',
} satisfies ProviderConfig;
const CC = {
  provider: 'cryptocloud',
  apiKey: 'cc-key',
  shopId: 'shop-1',
  secretKey: 'cc-secret',
  baseUrl: 'https://cc.test',
} satisfies ProviderConfig;

const callback = JSON.stringify({
  id: 3101,
  foreign_id: 'order-1',
  type: 'invoice',
  crypto_address: { id: 1, currency: 'BTC', address: 'tb1qaddress', tag: null },
  currency_sent: { currency: 'BTC', amount: '0.00129400', remaining_amount: '0.00000000' },
  currency_received: { currency: 'EUR', amount: '100.00000000' },
  transactions: [],
  fees: [],
  error: '',
  status: 'confirmed',
  fixed_at: 1775177497,
  expires_at: 1775177557,
});

const signedCallback = (apiKey: string, secretKey: string) => ({
  headers: { 'X-Processing-Key': apiKey, 'X-Processing-Signature': signCallback(callback, secretKey) },
  body: callback,
});

useNock();

describe('createGateway', () => {
  const gateway = expectRight(createGateway({ providers: { main: CP, backup: AP, cloud: CC } }));

  it('gives each configured provider by name', () => {
    expect(gateway.names).toEqual(['main', 'backup', 'cloud']);
    expect(gateway.provider('main').id).toBe('cryptoprocessing');
    expect(gateway.provider('cloud').id).toBe('cryptocloud');
    expect(gateway.has('backup')).toBe(true);
    expect(gateway.has('stripe')).toBe(false);
  });

  it('reports a bad provider configuration under its name', () => {
    const error = expectLeftTag(
      createGateway({ providers: { main: CP, broken: { ...AP, secretKey: '' } } }),
      'InvalidConfig',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['providers.broken.secretKey']);
  });

  it('refuses an empty provider list', () => {
    expectLeftTag(createGateway({ providers: {} }), 'InvalidConfig');
  });

  it('creates the same order through two providers by configuration only', async () => {
    const cp = nock('https://cp.test')
      .post('/api/v2/invoices/create')
      .reply(201, fixtures.body('coinspaid.create.response.no-timer'));
    const cc = nock('https://cc.test')
      .post('/v2/invoice/create')
      .reply(200, {
        status: 'success',
        result: {
          uuid: 'INV-AAAA0001',
          created: '2026-01-27 09:03:58.958133',
          address: '',
          expiry_date: '2026-01-28 09:03:57.493361',
          amount: 0.034187,
          amount_in_fiat: 100.0,
          fiat_currency: 'EUR',
          status: 'created',
          link: 'https://pay.cryptocloud.plus/AAAA0001',
          currency: { code: 'ETH', fullcode: 'ETH', network: { code: 'ERC20' } },
          test_mode: false,
        },
      });
    const viaCp = expectRight(await gateway.provider('main').createInvoice(order)());
    const viaCc = expectRight(await gateway.provider('cloud').createInvoice(order)());
    expect([viaCp.provider, viaCp.price]).toEqual(['cryptoprocessing', { amount: '100', currency: 'EUR' }]);
    expect([viaCc.provider, viaCc.price.currency]).toEqual(['cryptocloud', 'EUR']);
    cp.done();
    cc.done();
  });

  it('routes a CoinsPaid-family callback to the provider whose key signed it', async () => {
    const routed = expectRight(await gateway.routeWebhook(signedCallback('ap-key', 'ap-secret'))());
    expect(routed.name).toBe('backup');
    expect(routed.event.status).toBe('paid');
  });

  it('routes a CryptoCloud postback to the CryptoCloud provider', async () => {
    const token = await signPostbackToken('INV-AAAA0001', 'cc-secret');
    const body = JSON.stringify({
      status: 'success',
      invoice_id: 'AAAA0001',
      amount_crypto: 0.034187,
      currency: 'ETH',
      order_id: 'order-1',
      token,
    });
    const confirmation = nock('https://cc.test')
      .post('/v2/invoice/merchant/info', { uuids: ['INV-AAAA0001'] })
      .reply(200, {
        status: 'success',
        result: [
          {
            uuid: 'INV-AAAA0001',
            status: 'paid',
            amount: 0.034187,
            amount_paid: 0.034187,
            amount_in_fiat: 100.0,
            fiat_currency: 'EUR',
            link: 'https://pay.cryptocloud.plus/AAAA0001',
            currency: { code: 'ETH', fullcode: 'ETH', network: { code: 'ERC20' } },
            order_id: 'order-1',
            test_mode: false,
          },
        ],
      });
    const routed = expectRight(
      await gateway.routeWebhook({ headers: { 'content-type': 'application/json' }, body })(),
    );
    confirmation.done();
    expect(routed.name).toBe('cloud');
    expect(routed.event).toMatchObject({
      status: 'paid',
      confirmed: true,
      received: { amount: '0.034187', currency: 'ETH' },
    });
  });

  it('answers a callback signed with an unknown key with NoRoute', async () => {
    const result = await gateway.routeWebhook(signedCallback('stranger', 'ap-secret'))();
    expectLeftTag(result, 'NoRoute');
  });

  it('rejects a callback routed by name but signed with another secret', async () => {
    const result = await gateway.parseWebhook('main', signedCallback('cp-key', 'ap-secret'))();
    expectLeftTag(result, 'SignatureInvalid');
  });

  it('offers the Promise facade over any provider', async () => {
    const promised = withPromises(gateway.provider('main'));
    await expect(promised.getInvoice('1')).rejects.toMatchObject({ tag: 'Unsupported' });
  });
});
