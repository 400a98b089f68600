import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { defineProvider, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { createBtcpayProvider } from './adapter';
import { decodeBtcpayConfig, type BtcpayConfig } from './config';
import { verifyWebhook } from './webhook';

/** A BTCPay configuration as a merchant writes it (keys as plain strings). */
export type BtcpayProviderConfig = t.OutputOf<typeof BtcpayConfig>;

/** BTCPay Server's entry in the gateway's provider list. */
export const btcpayDescriptor = defineProvider<BtcpayProviderConfig, BtcpayConfig>({
  ids: ['btcpay'],
  decodeConfig: decodeBtcpayConfig,
  create: createBtcpayProvider,
  env: {
    apiKey: INVOICEKIT_ENV.apiKey,
    shopId: INVOICEKIT_ENV.shopId,
    secretKey: INVOICEKIT_ENV.secretKey,
    baseUrl: INVOICEKIT_ENV.baseUrl,
    environment: INVOICEKIT_ENV.environment,
    timeoutMs: INVOICEKIT_ENV.timeoutMs,
  },
  // The webhook secret is per webhook, so only this configuration's `BTCPay-Sig` verifies: two
  // stores configured side by side each claim only their own deliveries.
  ownsWebhook: (config, request) => E.isRight(verifyWebhook(config)(request)),
  rejectsDuplicateOrders: false,
});
