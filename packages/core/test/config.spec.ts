import * as E from 'fp-ts/Either';
import { inspect } from 'node:util';
import * as t from 'io-ts';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { decodeConfig, HttpBaseUrl, PositiveInteger, SecretFromString } from '../src/adapter';

const ProviderConfig = t.intersection([
  t.type({
    provider: t.literal('coinspaid'),
    apiKey: SecretFromString,
    secretKey: SecretFromString,
  }),
  t.partial({
    environment: t.keyof({ production: null, sandbox: null }),
    baseUrl: HttpBaseUrl,
    timeoutMs: PositiveInteger,
  }),
]);
const decode = decodeConfig(ProviderConfig);

const API_KEY = 'ak_0123456789abcdef';
const SECRET_KEY = 'sk_fedcba9876543210';

describe('decodeConfig', () => {
  it('decodes a valid configuration with secrets wrapped', () => {
    const config = expectRight(
      decode({
        provider: 'coinspaid',
        apiKey: API_KEY,
        secretKey: SECRET_KEY,
        baseUrl: 'http://127.0.0.1:4010/api/',
      }),
    );
    expect(config.apiKey.reveal()).toBe(API_KEY);
    expect(config.baseUrl).toBe('http://127.0.0.1:4010/api');
    expect(JSON.stringify(config)).not.toContain(SECRET_KEY);
    expect(inspect(config, { depth: null, showHidden: true })).not.toContain(API_KEY);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'coinspaid'],
    ['an array', []],
  ])('refuses %s as a whole', (_label, input) => {
    expect(expectLeftTag(decode(input), 'InvalidConfig').issues).toEqual([
      { path: '', message: 'must be a configuration object' },
    ]);
  });

  it('lists every failing path and never a value', () => {
    const input = {
      provider: 'coinspaid',
      apiKey: '',
      secretKey: 13579246801357,
      environment: 'staging-zz9',
      baseUrl: 'ftp://files.example/?token=abc-leak',
      timeoutMs: -250,
    };
    const error = expectLeftTag(decode(input), 'InvalidConfig');
    expect(error.issues.map((i) => i.path)).toEqual([
      'apiKey',
      'secretKey',
      'environment',
      'baseUrl',
      'timeoutMs',
    ]);
    expect(error.issues.find((i) => i.path === 'baseUrl')?.message).toBe(
      'must be an http(s) URL without query or fragment',
    );
    const printed = [error.message, JSON.stringify(error), inspect(error, { depth: null })].join('\n');
    for (const value of ['13579246801357', 'staging-zz9', 'abc-leak', '-250']) {
      expect(printed).not.toContain(value);
    }
    expect(error.message).toMatch(/^Invalid configuration: apiKey: must be a non-empty string; secretKey: /);
  });

  it('reports missing fields as required', () => {
    const result = decode({ provider: 'coinspaid' });
    expect(E.isLeft(result) && result.left.issues).toEqual([
      { path: 'apiKey', message: 'must be a non-empty string' },
      { path: 'secretKey', message: 'must be a non-empty string' },
    ]);
  });

  it('names the expected literal for a wrong provider', () => {
    const error = expectLeftTag(
      decode({ provider: 'paypal', apiKey: API_KEY, secretKey: SECRET_KEY }),
      'InvalidConfig',
    );
    expect(error.issues).toEqual([{ path: 'provider', message: 'must be "coinspaid"' }]);
  });
});
