/**
 * What `@invoicekit/gateway` lists and re-exports from this adapter: its descriptor, hosts and signing
 * helpers, without loading the adapter itself, which the descriptor loads when a provider is built.
 *
 * @module @invoicekit/cryptomus/descriptor
 */
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { defineProvider, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { CRYPTOMUS_PRESETS, decodeCryptomusConfig, type CryptomusConfig } from './config';

/** The adapter itself, loaded by the first provider built from this descriptor rather than on import. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use keeps imports of the gateway from paying for unused adapters
const adapter = (): typeof import('./adapter') => require('./adapter');

/** Webhook verification, loaded by the first webhook routed by credentials. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as the adapter is
const webhook = (): typeof import('./webhook') => require('./webhook');

/** A Cryptomus or Heleket configuration as a merchant writes it (keys as plain strings). */
export type CryptomusProviderConfig = t.OutputOf<typeof CryptomusConfig>;

/** The variables for what only this adapter reads: the payout API key and the default `url_callback`. */
export const CRYPTOMUS_ENV = {
  payoutKey: { variable: 'INVOICEKIT_PAYOUT_KEY', kind: 'text' },
  callbackUrl: { variable: 'INVOICEKIT_CALLBACK_URL', kind: 'text' },
} as const;

/** The Cryptomus protocol's entry in the gateway's provider list: presets cryptomus and heleket. */
export const cryptomusDescriptor = defineProvider<CryptomusProviderConfig, CryptomusConfig>({
  ids: CRYPTOMUS_PRESETS,
  decodeConfig: decodeCryptomusConfig,
  create: (config, options) => adapter().createCryptomusProvider(config, options),
  env: {
    shopId: INVOICEKIT_ENV.shopId,
    apiKey: INVOICEKIT_ENV.apiKey,
    payoutKey: CRYPTOMUS_ENV.payoutKey,
    environment: INVOICEKIT_ENV.environment,
    baseUrl: INVOICEKIT_ENV.baseUrl,
    timeoutMs: INVOICEKIT_ENV.timeoutMs,
    callbackUrl: CRYPTOMUS_ENV.callbackUrl,
  },
  // No header names the merchant: a webhook is this configuration's when its in-body sign verifies with its key.
  ownsWebhook: (config, request) => E.isRight(webhook().verifyWebhook(config)(request)),
  rejectsDuplicateOrders: true,
});

export { CRYPTOMUS_BASE_URLS, CRYPTOMUS_PRESETS, type CryptomusPreset } from './config';
export { signWebhook } from './signature';
