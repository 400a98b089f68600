import { inspect } from 'node:util';
import { Secret } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { BtcpayConfig, btcpayDescriptor, decodeBtcpayConfig } from '../src';
import { API_KEY, BASE_URL, signedDelivery, STORE_ID, WEBHOOK_SECRET } from './helpers';

const minimal = {
  provider: 'btcpay',
  baseUrl: `${BASE_URL}/`,
  apiKey: API_KEY,
  shopId: STORE_ID,
  secretKey: WEBHOOK_SECRET,
};

describe('decodeBtcpayConfig', () => {
  it('fills the defaults, drops a trailing slash and wraps keys as Secrets', () => {
    const config = expectRight(decodeBtcpayConfig(minimal));
    expect(config).toMatchObject({
      baseUrl: BASE_URL,
      shopId: STORE_ID,
      timeoutMs: 30_000,
      environment: 'production',
    });
    expect(config.apiKey).toBeInstanceOf(Secret);
    expect(config.secretKey.reveal()).toBe(WEBHOOK_SECRET);
    expect(BtcpayConfig.is(config)).toBe(true);
    expect(inspect(config, { depth: null })).not.toContain(API_KEY);
  });

  it.each(['baseUrl', 'apiKey', 'shopId', 'secretKey'])('requires %s: BTCPay is self-hosted', (field) => {
    const { [field as keyof typeof minimal]: _dropped, ...rest } = minimal;
    const error = expectLeftTag(decodeBtcpayConfig(rest), 'InvalidConfig');
    expect(error.issues.map((i) => i.path)).toContain(field);
  });

  it('refuses a misspelt field and an unknown environment, naming paths, never values', () => {
    const error = expectLeftTag(
      decodeBtcpayConfig({ ...minimal, storeId: 'x', environment: 'testnet' }),
      'InvalidConfig',
    );
    expect(error.issues.map((i) => i.path).sort()).toEqual(['environment', 'storeId']);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });
});

describe('btcpayDescriptor', () => {
  it('reads its configuration from the INVOICEKIT_* variables', () => {
    expect(btcpayDescriptor.ids).toEqual(['btcpay']);
    expect(btcpayDescriptor.env).toMatchObject({
      apiKey: { variable: 'INVOICEKIT_API_KEY' },
      shopId: { variable: 'INVOICEKIT_SHOP_ID' },
      secretKey: { variable: 'INVOICEKIT_SECRET_KEY' },
      baseUrl: { variable: 'INVOICEKIT_BASE_URL' },
    });
  });

  it('claims only a webhook signed with its own secret, so two stores route apart', () => {
    const configured = expectRight(btcpayDescriptor.configure(minimal, {}));
    const other = expectRight(btcpayDescriptor.configure({ ...minimal, secretKey: 'another-store' }, {}));
    const delivery = signedDelivery({ type: 'InvoiceSettled' });
    expect(configured.ownsWebhook(delivery)).toBe(true);
    expect(other.ownsWebhook(delivery)).toBe(false);
    expect(configured.ownsWebhook({ headers: { 'x-signature': 'a' }, body: '{}' })).toBe(false);
  });
});
