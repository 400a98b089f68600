import { inspect } from 'node:util';
import { Secret } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { COINSPAID_BASE_URLS, COINSPAID_PRESETS, decodeCoinspaidConfig } from '../src';
import { API_KEY, SECRET_KEY } from './support';

const base = { provider: 'alphapo', apiKey: API_KEY, secretKey: SECRET_KEY };

describe('decodeCoinspaidConfig', () => {
  it('holds both keys as Secrets that never print', () => {
    const config = expectRight(decodeCoinspaidConfig(base));
    expect(config.apiKey).toBeInstanceOf(Secret);
    expect(config.secretKey).toBeInstanceOf(Secret);
    expect(config.apiKey.reveal()).toBe(API_KEY);
    const printed = [
      inspect(config, { depth: null }),
      JSON.stringify(config),
      String(config.secretKey),
    ].join();
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(SECRET_KEY);
  });

  it('maps presets and environments to the documented hosts', () => {
    expect(COINSPAID_PRESETS).toEqual(['cryptoprocessing', 'alphapo', 'coinspaid']);
    const sandbox = 'https://app.sandbox.cryptoprocessing.com/api/v2';
    expect(COINSPAID_BASE_URLS).toEqual({
      cryptoprocessing: { production: 'https://app.cryptoprocessing.com/api/v2', sandbox },
      alphapo: { production: 'https://app.alphapo.net/api/v2', sandbox },
      coinspaid: { production: 'https://app.coinspaid.com/api/v2', sandbox },
    });
    for (const provider of COINSPAID_PRESETS) {
      for (const environment of ['production', 'sandbox'] as const) {
        const settings = expectRight(decodeCoinspaidConfig({ ...base, provider, environment }));
        expect(settings.baseUrl).toBe(COINSPAID_BASE_URLS[provider][environment]);
        expect(settings.testMode).toBe(environment === 'sandbox');
      }
    }
  });

  it('defaults to production and 30 s, and lets baseUrl and timeoutMs override', () => {
    const plain = expectRight(decodeCoinspaidConfig(base));
    expect(plain).toMatchObject({
      baseUrl: 'https://app.alphapo.net/api/v2',
      timeoutMs: 30_000,
      testMode: false,
    });
    const custom = expectRight(
      decodeCoinspaidConfig({
        ...base,
        environment: 'sandbox',
        baseUrl: 'http://localhost:4010/api/v2/',
        timeoutMs: 5000,
      }),
    );
    expect(custom).toMatchObject({
      baseUrl: 'http://localhost:4010/api/v2',
      timeoutMs: 5000,
      testMode: true,
    });
  });

  it('accepts and validates merchant defaults', () => {
    const defaults = {
      title: 'Shop order',
      redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/fail' },
      email: 'refunds@shop.example',
    };
    expect(expectRight(decodeCoinspaidConfig({ ...base, defaults })).defaults).toEqual(defaults);
    const bad = expectLeftTag(
      decodeCoinspaidConfig({
        ...base,
        defaults: { title: 'x'.repeat(51), email: 'nope', redirectUrls: { success: 'http://1.2.3.4' } },
      }),
      'InvalidConfig',
    );
    expect(bad.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'defaults.title',
        'defaults.email',
        'defaults.redirectUrls.success',
        'defaults.redirectUrls.failure',
      ]),
    );
  });

  it.each([
    ['not an object', 'alphapo', ''],
    ['an unknown provider', { ...base, provider: 'cryptocloud' }, 'provider'],
    ['a missing secret key', { provider: 'alphapo', apiKey: API_KEY }, 'secretKey'],
    ['an empty api key', { ...base, apiKey: '  ' }, 'apiKey'],
    ['a bad environment', { ...base, environment: 'staging' }, 'environment'],
    ['a misspelt field', { ...base, enviroment: 'sandbox' }, 'enviroment'],
    ['a bad baseUrl', { ...base, baseUrl: 'ftp://x.example' }, 'baseUrl'],
    ['a bad timeout', { ...base, timeoutMs: 0 }, 'timeoutMs'],
  ])('refuses %s with an InvalidConfig naming the path', (_label, input, path) => {
    const error = expectLeftTag(decodeCoinspaidConfig(input), 'InvalidConfig');
    expect(error.issues.map((i) => i.path)).toContain(path);
  });

  it('ignores keys that are explicitly undefined (env-built configs)', () => {
    expectRight(decodeCoinspaidConfig({ ...base, shopId: undefined }));
  });

  it('never echoes a key in a config error', () => {
    const error = expectLeftTag(
      decodeCoinspaidConfig({ ...base, provider: 'nope', apiKey: 42, secretKey: SECRET_KEY }),
      'InvalidConfig',
    );
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
  });
});
