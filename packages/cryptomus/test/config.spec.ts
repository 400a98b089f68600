import { inspect } from 'node:util';
import { createProvider, providerFromEnv } from '@invoicekit/gateway';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { CRYPTOMUS_BASE_URLS, decodeCryptomusConfig } from '../src';
import { API_KEY, MERCHANT, PAYOUT_KEY } from './helpers';

const base = { provider: 'heleket', shopId: MERCHANT, apiKey: API_KEY } as const;

describe('decodeCryptomusConfig', () => {
  it('fills the preset host, a 30 s timeout and production', () => {
    const config = expectRight(decodeCryptomusConfig(base));
    expect(config).toMatchObject({
      baseUrl: CRYPTOMUS_BASE_URLS.heleket,
      timeoutMs: 30_000,
      environment: 'production',
      testMode: false,
    });
    expect(inspect(config, { depth: null })).not.toContain(API_KEY);
  });

  it('refuses a misspelt field, naming the path and never a value', () => {
    const error = expectLeftTag(decodeCryptomusConfig({ ...base, apiKye: 'x' }), 'InvalidConfig');
    expect(error.issues.map((i) => i.path)).toContain('apiKye');
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('refuses the sandbox environment on a live host: neither provider has a test host', () => {
    expect(
      expectLeftTag(decodeCryptomusConfig({ ...base, environment: 'sandbox' }), 'InvalidConfig').issues[0]
        ?.path,
    ).toBe('baseUrl');
    expect(
      expectRight(
        decodeCryptomusConfig({ ...base, environment: 'sandbox', baseUrl: 'http://127.0.0.1:1/heleket' }),
      ).testMode,
    ).toBe(true);
  });

  it.each(['ftp://x.example/cb', 'a.io', 'not a url', `https://a.example/${'x'.repeat(240)}`])(
    'refuses the callback URL %p',
    (callbackUrl) => {
      expectLeftTag(decodeCryptomusConfig({ ...base, callbackUrl }), 'InvalidConfig');
    },
  );
});

describe('through the gateway', () => {
  it('builds both presets from configuration alone', () => {
    expect(expectRight(createProvider({ ...base, provider: 'cryptomus', payoutKey: PAYOUT_KEY })).id).toBe(
      'cryptomus',
    );
    expect(expectRight(createProvider(base)).capabilities.operations).toEqual({
      createInvoice: true,
      getInvoice: true,
      cancelInvoice: false,
      listInvoices: true,
    });
  });

  it('reads the merchant uuid, keys and callback URL from the environment', () => {
    const provider = expectRight(
      providerFromEnv({
        INVOICEKIT_PROVIDER: 'cryptomus',
        INVOICEKIT_SHOP_ID: MERCHANT,
        INVOICEKIT_API_KEY: API_KEY,
        INVOICEKIT_PAYOUT_KEY: PAYOUT_KEY,
        INVOICEKIT_CALLBACK_URL: 'https://shop.example/hooks/cryptomus',
      }),
    );
    expect(provider.id).toBe('cryptomus');
  });
});
