import { inspect } from 'node:util';
import * as t from 'io-ts';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { Secret } from '../src';
import {
  configWithDefaults,
  decodeConfig,
  HttpBaseUrl,
  PositiveInteger,
  SecretFromString,
} from '../src/adapter';

const Fields = t.intersection([
  t.type({ provider: t.literal('acme'), apiKey: SecretFromString }),
  t.partial({ sandbox: t.boolean, baseUrl: HttpBaseUrl, timeoutMs: PositiveInteger }),
]);

const AcmeConfig = configWithDefaults('AcmeConfig', Fields, (input) => {
  const sandbox = input.sandbox ?? false;
  return {
    provider: input.provider,
    apiKey: input.apiKey,
    sandbox,
    baseUrl: input.baseUrl ?? (sandbox ? 'https://sandbox.acme.test' : 'https://api.acme.test'),
    timeoutMs: input.timeoutMs ?? 30_000,
    testMode: sandbox,
  };
});
const decodeAcmeConfig = decodeConfig(AcmeConfig);

describe('configWithDefaults', () => {
  it('checks and fills the defaults in one step', () => {
    const config = expectRight(decodeAcmeConfig({ provider: 'acme', apiKey: 'key-123456', sandbox: true }));
    expect(config).toMatchObject({
      provider: 'acme',
      sandbox: true,
      baseUrl: 'https://sandbox.acme.test',
      timeoutMs: 30_000,
      testMode: true,
    });
    expect(config.apiKey).toBeInstanceOf(Secret);
    expect(inspect(config)).not.toContain('key-123456');
  });

  it('keeps what the merchant wrote over a default', () => {
    const config = expectRight(
      decodeAcmeConfig({
        provider: 'acme',
        apiKey: 'key-123456',
        baseUrl: 'http://localhost:1/',
        timeoutMs: 5,
      }),
    );
    expect(config).toMatchObject({ baseUrl: 'http://localhost:1', timeoutMs: 5, testMode: false });
  });

  it.each([
    ['a misspelt field', { provider: 'acme', apiKey: 'key-123456', timeout: 5 }, 'timeout'],
    ['a bad field', { provider: 'acme', apiKey: 'key-123456', timeoutMs: 0 }, 'timeoutMs'],
    ['a missing key', { provider: 'acme' }, 'apiKey'],
  ])('refuses %s at its path', (_label, input, path) => {
    const error = expectLeftTag(decodeAcmeConfig(input), 'InvalidConfig');
    expect(error.issues.map((issue) => issue.path)).toEqual([path]);
  });

  it('is true of a filled configuration only', () => {
    const config = expectRight(decodeAcmeConfig({ provider: 'acme', apiKey: 'key-123456' }));
    expect(AcmeConfig.is(config)).toBe(true);
    expect(AcmeConfig.is({ provider: 'acme', apiKey: new Secret('key-123456') })).toBe(false);
    expect(AcmeConfig.is({ ...config, timeoutMs: 'soon' })).toBe(false);
    expect(AcmeConfig.is({ ...config, testMode: true })).toBe(false);
  });

  it('encodes back to the fields a merchant writes, which decode to the same configuration', () => {
    const config = expectRight(decodeAcmeConfig({ provider: 'acme', apiKey: 'key-123456', sandbox: true }));
    const written = AcmeConfig.encode(config);
    expect(written).toEqual({
      provider: 'acme',
      apiKey: 'key-123456',
      sandbox: true,
      baseUrl: 'https://sandbox.acme.test',
      timeoutMs: 30_000,
    });
    expect(expectRight(decodeAcmeConfig(written))).toEqual(config);
  });
});
