/**
 * What `@invoicekit/gateway` lists and re-exports from this adapter: its descriptor, hosts and signing
 * helpers, without loading the adapter itself, which the descriptor loads when a provider is built.
 *
 * @module @invoicekit/coinspaid/descriptor
 */
import type * as t from 'io-ts';
import { constantTimeEquals, defineProvider, headerValue, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { KEY_HEADER } from './auth';
import { COINSPAID_PRESETS, decodeCoinspaidConfig, type CoinspaidConfig } from './config';

/** The adapter itself, loaded by the first provider built from this descriptor rather than on import. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use keeps imports of the gateway from paying for unused adapters
const adapter = (): typeof import('./adapter') => require('./adapter');

/** A CoinsPaid-platform configuration as a merchant writes it (keys as plain strings). */
export type CoinspaidProviderConfig = t.OutputOf<typeof CoinspaidConfig>;

/** The CoinsPaid platform's entry in the gateway's provider list: presets cryptoprocessing, alphapo and coinspaid. */
export const coinspaidDescriptor = defineProvider<CoinspaidProviderConfig, CoinspaidConfig>({
  ids: COINSPAID_PRESETS,
  decodeConfig: decodeCoinspaidConfig,
  create: (config, options) => adapter().createCoinspaidProvider(config, options),
  env: {
    apiKey: INVOICEKIT_ENV.apiKey,
    secretKey: INVOICEKIT_ENV.secretKey,
    environment: INVOICEKIT_ENV.environment,
    baseUrl: INVOICEKIT_ENV.baseUrl,
    timeoutMs: INVOICEKIT_ENV.timeoutMs,
  },
  ownsWebhook: (config, request) => {
    const key = headerValue(request.headers, KEY_HEADER);
    return key !== undefined && constantTimeEquals(key.trim(), config.apiKey.reveal());
  },
  rejectsDuplicateOrders: true,
});

export { COINSPAID_BASE_URLS, COINSPAID_PRESETS, type CoinspaidPreset } from './config';
export { signCallback } from './signature';
