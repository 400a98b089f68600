import * as E from 'fp-ts/Either';
import { expectLeftTag, useNock } from '@invoicekit/testkit';
import {
  createGateway,
  createProvider as createTyped,
  providerFromEnv,
  type ProviderConfig,
  type WebhookRequest,
} from '../src';

/** `createProvider` as a caller with untyped data calls it. */
const createProvider = createTyped as (config: unknown) => ReturnType<typeof createTyped>;

const CP = {
  provider: 'cryptoprocessing',
  apiKey: 'cp-key-0123',
  secretKey: 'cp-secret-0123',
} satisfies ProviderConfig;

const revoked = <T extends object>(target: T): T => {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
};

const throwingGetter = (target: Record<string, unknown>, key: string): Record<string, unknown> =>
  Object.defineProperty({ ...target }, key, {
    enumerable: true,
    get() {
      throw new Error(`${key} exploded`);
    },
  });

useNock();

describe('configuration that cannot be read is a Left, never a throw', () => {
  it.each<[string, () => unknown]>([
    ['undefined', () => undefined],
    ['null', () => null],
    ['an empty object', () => ({})],
    ['providers that is not a map', () => ({ providers: 'cryptoprocessing' })],
    ['a revoked proxy', () => revoked({ providers: { main: CP } })],
    ['providers behind a revoked proxy', () => ({ providers: revoked({ main: CP }) })],
    [
      'a provider config with a throwing getter',
      () => ({ providers: { main: throwingGetter(CP, 'apiKey') } }),
    ],
  ])('createGateway(%s)', (_label, config) => {
    const make = () => createGateway(config() as Parameters<typeof createGateway>[0]);
    expect(make).not.toThrow();
    expectLeftTag(make(), 'InvalidConfig');
  });

  it.each<[string, () => unknown]>([
    ['a throwing getter', () => throwingGetter(CP, 'secretKey')],
    ['a throwing provider getter', () => throwingGetter(CP, 'provider')],
    ['a revoked proxy', () => revoked({ ...CP })],
    ['an array', () => [CP]],
  ])('createProvider(%s)', (_label, config) => {
    const error = expectLeftTag(createProvider(config()), 'InvalidConfig');
    expect(error.message).not.toContain('cp-secret-0123');
  });

  it.each<[string, () => unknown]>([
    ['null', () => null],
    ['a revoked proxy', () => revoked({})],
    ['a throwing variable', () => throwingGetter({ INVOICEKIT_PROVIDER: 'alphapo' }, 'INVOICEKIT_API_KEY')],
  ])('providerFromEnv(%s)', (_label, env) => {
    const make = () => providerFromEnv(env() as Record<string, string>);
    expect(make).not.toThrow();
    expectLeftTag(make(), 'InvalidConfig');
  });

  it('reads a configuration once: a getter that changes its answer cannot slip past validation', () => {
    let reads = 0;
    const config = Object.defineProperty({ ...CP }, 'baseUrl', {
      enumerable: true,
      get: () => ((reads += 1) === 1 ? 'https://cp.test/api/v2' : 'ftp://elsewhere'),
    });
    expect(E.isRight(createProvider(config))).toBe(true);
    expect(reads).toBe(1);
  });
});

describe('gateway webhooks that cannot be routed are a Left, never a throw', () => {
  const gateway = createGateway({ providers: { main: CP } });
  if (E.isLeft(gateway)) throw new Error('gateway did not build');

  it('answers an unknown name with NoRoute', async () => {
    const parse = () => gateway.right.parseWebhook('missing' as 'main', { headers: {}, body: '{}' });
    expect(parse).not.toThrow();
    const result = await parse()();
    expect(expectLeftTag(result, 'NoRoute').message).toMatch(/"missing"/);
  });

  it.each<[string, () => unknown]>([
    ['undefined', () => undefined],
    ['a request without headers', () => ({ body: '{}' })],
    ['headers behind a revoked proxy', () => ({ headers: revoked({}), body: '{}' })],
    ['a throwing body getter', () => throwingGetter({ headers: {} }, 'body')],
  ])('routeWebhook(%s) is NoRoute', async (_label, request) => {
    const route = () => gateway.right.routeWebhook(request() as WebhookRequest);
    expect(route).not.toThrow();
    expectLeftTag(await route()(), 'NoRoute');
  });
});
