import { inspect } from 'node:util';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { ADAPTERS, createProvider as createTyped, providerFromEnv, type ProviderId } from '../src';

const BUILT_IN_IDS = ADAPTERS.flatMap((adapter) => adapter.ids);

/** `createProvider` as a caller with untyped data (JSON, a form) calls it: the run-time checks are under test. */
const createProvider = createTyped as (config: unknown) => ReturnType<typeof createTyped>;

const SECRET = 'sk-super-secret-value-123';
const API_KEY = 'pk-api-key-value-456';

const coinspaidFamily = (provider: ProviderId) => ({ provider, apiKey: API_KEY, secretKey: SECRET });
const cryptocloud = { provider: 'cryptocloud', apiKey: API_KEY, shopId: 'shop-1', secretKey: SECRET };

describe('createProvider', () => {
  it.each(['cryptoprocessing', 'alphapo', 'coinspaid'] as const)(
    'builds the %s adapter from configuration',
    (id) => {
      const provider = expectRight(createProvider(coinspaidFamily(id)));
      expect(provider.id).toBe(id);
      expect(provider.capabilities.operations.getInvoice).toBe(false);
    },
  );

  it('builds the cryptocloud adapter from configuration', () => {
    const provider = expectRight(createProvider(cryptocloud));
    expect(provider.id).toBe('cryptocloud');
    expect(provider.capabilities.operations.getInvoice).toBe(true);
  });

  it.each([undefined, null, 'cryptoprocessing', 42, []])(
    'answers %p with InvalidConfig instead of throwing',
    (input) => {
      expect(expectLeftTag(createProvider(input), 'InvalidConfig').issues.length).toBeGreaterThan(0);
    },
  );

  it('names the supported providers when the provider is unknown', () => {
    const error = expectLeftTag(createProvider({ provider: 'stripe', apiKey: API_KEY }), 'InvalidConfig');
    expect(error.issues).toEqual([
      { path: 'provider', message: `must be one of ${BUILT_IN_IDS.join(', ')}` },
    ]);
  });

  it.each([
    ['a missing apiKey', { provider: 'alphapo', secretKey: SECRET }, 'apiKey'],
    ['a missing secretKey', { provider: 'alphapo', apiKey: API_KEY }, 'secretKey'],
    ['a missing shopId', { provider: 'cryptocloud', apiKey: API_KEY }, 'shopId'],
    [
      'a baseUrl that is not http(s)',
      { ...coinspaidFamily('coinspaid'), baseUrl: 'ftp://files.example' },
      'baseUrl',
    ],
    ['a relative baseUrl', { ...cryptocloud, baseUrl: '/api' }, 'baseUrl'],
    ['a zero timeout', { ...coinspaidFamily('cryptoprocessing'), timeoutMs: 0 }, 'timeoutMs'],
    ['a negative timeout', { ...cryptocloud, timeoutMs: -5 }, 'timeoutMs'],
    [
      'an unknown environment',
      { ...coinspaidFamily('cryptoprocessing'), environment: 'staging' },
      'environment',
    ],
  ])('reports %s as InvalidConfig at its path', (_label, config, path) => {
    const error = expectLeftTag(createProvider(config), 'InvalidConfig');
    expect(error.issues.map((issue) => issue.path)).toContain(path);
  });

  it.each([
    ['enviroment', { ...coinspaidFamily('cryptoprocessing'), enviroment: 'sandbox' }],
    [
      'defaults.redirectUrl',
      { ...coinspaidFamily('alphapo'), defaults: { redirectUrl: 'https://shop.example' } },
    ],
    ['allowTestmode', { ...cryptocloud, allowTestmode: true }],
  ])('refuses the misspelt field %s instead of ignoring it', (path, config) => {
    expect(expectLeftTag(createProvider(config), 'InvalidConfig').issues).toEqual([
      { path, message: 'is not a known field' },
    ]);
  });

  it('never echoes a secret in a configuration error', () => {
    const error = expectLeftTag(
      createProvider({
        provider: 'cryptoprocessing',
        apiKey: API_KEY,
        secretKey: SECRET,
        baseUrl: 'nope',
        timeoutMs: -1,
      }),
      'InvalidConfig',
    );
    for (const text of [JSON.stringify(error), inspect(error, { depth: null }), error.message]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(API_KEY);
    }
  });

  it('keeps credentials out of the printed provider', () => {
    const provider = expectRight(createProvider(cryptocloud));
    const printed = `${inspect(provider, { depth: null, showHidden: true })}${JSON.stringify(provider)}`;
    expect(printed).not.toContain(SECRET);
    expect(printed).not.toContain(API_KEY);
  });
});

describe('providerFromEnv', () => {
  const env = {
    INVOICEKIT_PROVIDER: 'cryptoprocessing',
    INVOICEKIT_API_KEY: API_KEY,
    INVOICEKIT_SECRET_KEY: SECRET,
    INVOICEKIT_ENVIRONMENT: 'sandbox',
    INVOICEKIT_TIMEOUT_MS: '5000',
  };

  it('builds the provider the environment names', () => {
    expect(expectRight(providerFromEnv(env)).id).toBe('cryptoprocessing');
  });

  it('builds a CryptoCloud provider with its shop id', () => {
    const provider = providerFromEnv({
      INVOICEKIT_PROVIDER: 'cryptocloud',
      INVOICEKIT_API_KEY: API_KEY,
      INVOICEKIT_SHOP_ID: 'shop-1',
      INVOICEKIT_BASE_URL: 'https://proxy.shop.example/cryptocloud',
    });
    expect(expectRight(provider).id).toBe('cryptocloud');
  });

  it('switches provider by INVOICEKIT_PROVIDER alone, ignoring variables the provider does not take', () => {
    const shared = { ...env, INVOICEKIT_SHOP_ID: 'shop-1' };
    expect(expectRight(providerFromEnv(shared)).id).toBe('cryptoprocessing');
    expect(expectRight(providerFromEnv({ ...shared, INVOICEKIT_PROVIDER: 'cryptocloud' })).id).toBe(
      'cryptocloud',
    );
  });

  it.each([
    ['INVOICEKIT_API_KEY', { ...env, INVOICEKIT_API_KEY: undefined }],
    ['INVOICEKIT_SECRET_KEY', { ...env, INVOICEKIT_SECRET_KEY: '  ' }],
    ['INVOICEKIT_TIMEOUT_MS', { ...env, INVOICEKIT_TIMEOUT_MS: 'soon' }],
    ['INVOICEKIT_BASE_URL', { ...env, INVOICEKIT_BASE_URL: 'localhost:4010' }],
    ['INVOICEKIT_PROVIDER', { ...env, INVOICEKIT_PROVIDER: 'paypal' }],
  ])('names %s when it is wrong or missing', (variable, input) => {
    const error = expectLeftTag(providerFromEnv(input), 'InvalidConfig');
    expect(error.issues.map((issue) => issue.path)).toContain(variable);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('lists the allowed values of INVOICEKIT_ENVIRONMENT, never an internal type name', () => {
    const error = expectLeftTag(providerFromEnv({ ...env, INVOICEKIT_ENVIRONMENT: 'test' }), 'InvalidConfig');
    expect(error.message).toBe(
      'Invalid configuration: INVOICEKIT_ENVIRONMENT: must be production or sandbox',
    );
  });
});

describe('configuration messages name allowed values, never a codec', () => {
  it.each([
    ['cryptoprocessing', { ...coinspaidFamily('cryptoprocessing'), environment: 'test' }],
    ['nowpayments', { provider: 'nowpayments', apiKey: API_KEY, secretKey: SECRET, environment: 'test' }],
    ['heleket', { provider: 'heleket', apiKey: API_KEY, shopId: 'uuid', environment: 'test' }],
    [
      'btcpay',
      {
        provider: 'btcpay',
        baseUrl: 'https://btcpay.shop.example',
        apiKey: API_KEY,
        shopId: 'store',
        secretKey: SECRET,
        environment: 'test',
      },
    ],
  ])('%s: environment', (_id, config) => {
    expect(expectLeftTag(createProvider(config), 'InvalidConfig').issues).toEqual([
      { path: 'environment', message: 'must be production or sandbox' },
    ]);
  });

  it('cryptocloud: a flag that is not a boolean', () => {
    expect(
      expectLeftTag(createProvider({ ...cryptocloud, allowTestMode: 'yes' }), 'InvalidConfig').issues,
    ).toEqual([{ path: 'allowTestMode', message: 'must be true or false' }]);
  });
});

describe('createProvider types', () => {
  it('makes a misspelt field a compile error, and still refuses it at run time', () => {
    const result = createTyped({
      provider: 'cryptoprocessing',
      apiKey: API_KEY,
      secretKey: SECRET,
      // @ts-expect-error `enviroment` is not a field of any provider configuration
      enviroment: 'sandbox',
    });
    expect(expectLeftTag(result, 'InvalidConfig').issues).toEqual([
      { path: 'enviroment', message: 'is not a known field' },
    ]);
  });

  it('makes a field of another provider a compile error', () => {
    const result = createTyped({
      provider: 'cryptoprocessing',
      apiKey: API_KEY,
      secretKey: SECRET,
      // @ts-expect-error `shopId` belongs to CryptoCloud's configuration, not CryptoProcessing's
      shopId: 'shop-1',
    });
    expectLeftTag(result, 'InvalidConfig');
  });
});
