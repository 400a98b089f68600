import { inspect } from 'node:util';
import { Secret } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import {
  CRYPTOCLOUD_BASE_URL,
  CryptocloudConfig,
  createCryptocloudProvider,
  decodeCryptocloudConfig,
} from '../src';
import { API_KEY, SECRET_KEY } from './helpers';

const minimal = { provider: 'cryptocloud', apiKey: API_KEY, shopId: 'shop-1' };

describe('decodeCryptocloudConfig', () => {
  it('fills the defaults and wraps keys as Secrets', () => {
    const config = expectRight(decodeCryptocloudConfig(minimal));
    expect(config).toMatchObject({
      provider: 'cryptocloud',
      shopId: 'shop-1',
      secretKey: undefined,
      baseUrl: CRYPTOCLOUD_BASE_URL,
      timeoutMs: 30_000,
      allowTestMode: false,
      confirmPostbacks: true,
    });
    expect(config.apiKey).toBeInstanceOf(Secret);
    expect(config.apiKey.reveal()).toBe(API_KEY);
    expect(CryptocloudConfig.is(config)).toBe(true);
  });

  it('reads every option and drops a trailing slash from baseUrl', () => {
    const config = expectRight(
      decodeCryptocloudConfig({
        ...minimal,
        secretKey: SECRET_KEY,
        baseUrl: 'http://localhost:4010/',
        timeoutMs: 5000,
        allowTestMode: true,
        confirmPostbacks: false,
      }),
    );
    expect(config.secretKey?.reveal()).toBe(SECRET_KEY);
    expect(config).toMatchObject({
      baseUrl: 'http://localhost:4010',
      timeoutMs: 5000,
      allowTestMode: true,
      confirmPostbacks: false,
    });
  });

  it.each([
    ['not an object', 'cryptocloud', ''],
    ['another provider', { ...minimal, provider: 'coinspaid' }, 'provider'],
    ['no apiKey', { ...minimal, apiKey: undefined }, 'apiKey'],
    ['an empty apiKey', { ...minimal, apiKey: ' ' }, 'apiKey'],
    ['no shopId', { ...minimal, shopId: '' }, 'shopId'],
    ['an empty secretKey', { ...minimal, secretKey: '' }, 'secretKey'],
    ['a bad baseUrl', { ...minimal, baseUrl: 'ftp://x' }, 'baseUrl'],
    ['a bad timeout', { ...minimal, timeoutMs: 0 }, 'timeoutMs'],
    ['a non-boolean allowTestMode', { ...minimal, allowTestMode: 'yes' }, 'allowTestMode'],
    ['a non-boolean confirmPostbacks', { ...minimal, confirmPostbacks: 'no' }, 'confirmPostbacks'],
    ['a misspelt confirmPostback', { ...minimal, confirmPostback: false }, 'confirmPostback'],
  ])('refuses %s as InvalidConfig naming the path, never the value', (_label, input, path) => {
    const error = expectLeftTag(decodeCryptocloudConfig(input), 'InvalidConfig');
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('never shows the keys when the config or the provider is printed', () => {
    const config = expectRight(decodeCryptocloudConfig({ ...minimal, secretKey: SECRET_KEY }));
    const provider = createCryptocloudProvider(config);
    const printed = [
      inspect(config, { depth: null }),
      JSON.stringify(config),
      inspect(provider, { depth: null, showHidden: true }),
      JSON.stringify(provider),
    ].join('\n');
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(SECRET_KEY);
  });

  it('declares what CryptoCloud supports and ignores', () => {
    const provider = createCryptocloudProvider(expectRight(decodeCryptocloudConfig(minimal)));
    expect(provider.id).toBe('cryptocloud');
    expect(provider.capabilities).toEqual({
      operations: { createInvoice: true, getInvoice: true, cancelInvoice: true, listInvoices: true },
      requiredFields: [],
      unsupportedFields: ['allowPartialPayment'],
      ignoredFields: ['title', 'description', 'redirectUrls', 'customer.reference', 'customer.sender'],
      expiresInMinutes: 'any',
      amountFractionDigits: { max: 2, source: expect.stringContaining('[I] inferred') },
      rejectsDuplicateOrders: false,
    });
  });

  it.each([
    [
      'a throwing getter',
      Object.defineProperty({ ...minimal }, 'apiKey', {
        enumerable: true,
        get: () => {
          throw new Error('boom');
        },
      }),
    ],
    [
      'a revoked proxy',
      (() => {
        const { proxy, revoke } = Proxy.revocable({ ...minimal }, {});
        revoke();
        return proxy;
      })(),
    ],
  ])('answers a config with %s as InvalidConfig, never a throw', (_label, input) => {
    expect(() => decodeCryptocloudConfig(input)).not.toThrow();
    expectLeftTag(decodeCryptocloudConfig(input), 'InvalidConfig');
  });
});
