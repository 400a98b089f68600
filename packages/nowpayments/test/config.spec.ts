import { inspect } from 'node:util';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { decodeNowpaymentsConfig, NOWPAYMENTS_BASE_URLS, nowpaymentsDescriptor } from '../src';
import { API_KEY, EMAIL, PASSWORD, SECRET_KEY } from './helpers';

const base = { provider: 'nowpayments', apiKey: API_KEY, secretKey: SECRET_KEY };

describe('NowpaymentsConfig', () => {
  it('fills the production host, a 30 s timeout and the minimum check', () => {
    expect(expectRight(decodeNowpaymentsConfig(base))).toMatchObject({
      environment: 'production',
      baseUrl: 'https://api.nowpayments.io/v1',
      timeoutMs: 30_000,
      checkMinimum: true,
      testMode: false,
    });
  });

  it('uses the sandbox host and test mode for environment sandbox', () => {
    const config = expectRight(decodeNowpaymentsConfig({ ...base, environment: 'sandbox' }));
    expect(config).toMatchObject({ baseUrl: NOWPAYMENTS_BASE_URLS.sandbox, testMode: true });
  });

  it.each([
    ['without the IPN secret', { provider: 'nowpayments', apiKey: API_KEY }],
    ['with a misspelt field', { ...base, ipnSecret: SECRET_KEY }],
    ['with an unknown environment', { ...base, environment: 'staging' }],
  ])('refuses a configuration %s, naming no value', (_label, input) => {
    const error = expectLeftTag(decodeNowpaymentsConfig(input), 'InvalidConfig');
    expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
  });

  it('keeps the keys, e-mail and password out of every printed form', () => {
    const config = expectRight(decodeNowpaymentsConfig({ ...base, email: EMAIL, password: PASSWORD }));
    const printed = `${inspect(config, { depth: null })} ${JSON.stringify(config)}`;
    for (const secret of [API_KEY, SECRET_KEY, EMAIL, PASSWORD]) expect(printed).not.toContain(secret);
  });

  it('claims a webhook only when it carries x-nowpayments-sig', () => {
    const { ownsWebhook } = expectRight(nowpaymentsDescriptor.configure(base, {}));
    expect(ownsWebhook({ headers: { 'X-NOWPayments-Sig': 'ab' }, body: '{}' })).toBe(true);
    expect(ownsWebhook({ headers: { 'x-nowpayments-sig': ' ' }, body: '{}' })).toBe(false);
    expect(ownsWebhook({ headers: { 'x-signature': 'ab' }, body: '{}' })).toBe(false);
  });
});
