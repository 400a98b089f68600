import nock from 'nock';
import { expectLeftTag, expectRight, useNock } from '@invoicekit/testkit';
import { ADAPTERS, createProvider, createRegistry, signCallback, type WebhookRequest } from '../../src';
import { timeout } from '@invoicekit/core/adapter';
import { acmepayDescriptor, signAcmepay } from './acmepay';

const registry = createRegistry([...ADAPTERS, acmepayDescriptor]);
const ACME = {
  provider: 'acmepay',
  apiKey: 'acme-key-0123',
  secretKey: 'acme-secret-0123',
  baseUrl: 'https://api.acmepay.test/v1',
} as const;
const CP = { provider: 'cryptoprocessing', apiKey: 'cp-key-0123', secretKey: 'cp-secret-0123' } as const;
const CC = {
  provider: 'cryptocloud',
  apiKey: 'cc-key-0123',
  shopId: 'shop-0123',
  secretKey: 'cc-secret-0123',
} as const;

const order = { orderId: 'order-acme-1', amount: '25.5', currency: 'EUR' };

const acmeWebhook = (): WebhookRequest => {
  const body = JSON.stringify({ invoice: 77, order: 'order-acme-1', state: 'settled' });
  return {
    headers: { 'X-Acme-Key': ACME.apiKey, 'X-Acme-Signature': signAcmepay(body, ACME.secretKey) },
    body,
  };
};

useNock();

describe('a provider added through the registry alone', () => {
  it('is one of the registry ids, after the built-in ones', () => {
    expect(registry.ids).toEqual([...ADAPTERS.flatMap((adapter) => adapter.ids), 'acmepay']);
  });

  it('is built by createProvider and creates an invoice', async () => {
    const scope = nock('https://api.acmepay.test')
      .post('/v1/invoices', { order: 'order-acme-1', amount: 25.5, currency: 'EUR' })
      .reply(201, { id: 77, order: 'order-acme-1', amount: '25.50', currency: 'EUR' });
    const provider = expectRight(registry.createProvider(ACME));
    const invoice = expectRight(await provider.createInvoice(order)());
    scope.done();
    expect(invoice).toMatchObject({
      provider: 'acmepay',
      id: '77',
      price: { amount: '25.5', currency: 'EUR' },
    });
  });

  it('is built by providerFromEnv from the variables its descriptor lists, and issues name them', () => {
    const env = {
      INVOICEKIT_PROVIDER: 'acmepay',
      INVOICEKIT_API_KEY: ACME.apiKey,
      INVOICEKIT_SECRET_KEY: ACME.secretKey,
      INVOICEKIT_BASE_URL: ACME.baseUrl,
      INVOICEKIT_SHOP_ID: 'ignored: acmepay does not read it',
    };
    expect(expectRight(registry.providerFromEnv(env)).id).toBe('acmepay');
    const error = expectLeftTag(
      registry.providerFromEnv({ ...env, INVOICEKIT_BASE_URL: 'ftp://x' }),
      'InvalidConfig',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['INVOICEKIT_BASE_URL']);
  });

  it('gets its own webhooks routed to it, beside the built-in providers', async () => {
    const gateway = expectRight(registry.createGateway({ providers: { acme: ACME, main: CP, cloud: CC } }));
    const routed = expectRight(await gateway.routeWebhook(acmeWebhook())());
    expect(routed).toMatchObject({
      name: 'acme',
      event: { provider: 'acmepay', invoiceId: '77', status: 'paid' },
    });
    const callback = JSON.stringify({ id: 1, type: 'deposit', status: 'confirmed' });
    const deposit = await gateway.routeWebhook({
      headers: {
        'X-Processing-Key': CP.apiKey,
        'X-Processing-Signature': signCallback(callback, CP.secretKey),
      },
      body: callback,
    })();
    expect(expectLeftTag(deposit, 'UnsupportedEvent').provider).toBe('cryptoprocessing');
  });

  it('takes its retry safety from its descriptor', () => {
    expect(registry.isRetryable(timeout('acmepay', 1000))).toBe(false);
    expect(registry.isRetryable(timeout('cryptoprocessing', 1000))).toBe(true);
  });

  it('stays unknown to the default registry', () => {
    const untyped = createProvider as (config: unknown) => ReturnType<typeof createProvider>;
    const error = expectLeftTag(untyped(ACME), 'InvalidConfig');
    expect(error.issues).toEqual([
      {
        path: 'provider',
        message: `must be one of ${ADAPTERS.flatMap((adapter) => adapter.ids).join(', ')}`,
      },
    ]);
  });
});
