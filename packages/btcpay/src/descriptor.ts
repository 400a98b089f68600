/**
 * What `@invoicekit/gateway` lists and re-exports from this adapter: its descriptor, hosts and signing
 * helpers, without loading the adapter itself, which the descriptor loads when a provider is built.
 *
 * @module @invoicekit/btcpay/descriptor
 */
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { defineProvider, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { decodeBtcpayConfig, type BtcpayConfig } from './config';

/** The adapter itself, loaded by the first provider built from this descriptor rather than on import. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use keeps imports of the gateway from paying for unused adapters
const adapter = (): typeof import('./adapter') => require('./adapter');

/** Webhook verification, loaded by the first webhook routed by credentials. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as the adapter is
const webhook = (): typeof import('./webhook') => require('./webhook');

/** A BTCPay configuration as a merchant writes it (keys as plain strings). */
export type BtcpayProviderConfig = t.OutputOf<typeof BtcpayConfig>;

/** BTCPay Server's entry in the gateway's provider list. */
export const btcpayDescriptor = defineProvider<BtcpayProviderConfig, BtcpayConfig>({
  ids: ['btcpay'],
  decodeConfig: decodeBtcpayConfig,
  create: (config, options) => adapter().createBtcpayProvider(config, options),
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
  ownsWebhook: (config, request) => E.isRight(webhook().verifyWebhook(config)(request)),
  rejectsDuplicateOrders: false,
});

export { BTCPAY_INVOICE_EVENTS } from './events';
export { SIGNATURE_HEADER as BTCPAY_SIGNATURE_HEADER, signWebhookBody } from './signature';
