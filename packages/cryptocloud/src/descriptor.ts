/**
 * What `@invoicekit/gateway` lists and re-exports from this adapter: its descriptor, hosts and signing
 * helpers, without loading the adapter itself, which the descriptor loads when a provider is built.
 *
 * @module @invoicekit/cryptocloud/descriptor
 */
import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { defineProvider, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { decodeCryptocloudConfig, type CryptocloudConfig } from './config';
import { readPostbackRequest, readPostbackToken } from './postbackBody';

/** The adapter itself, loaded by the first provider built from this descriptor rather than on import. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use keeps imports of the gateway from paying for unused adapters
const adapter = (): typeof import('./adapter') => require('./adapter');

/** A CryptoCloud configuration as a merchant writes it (keys as plain strings). */
export type CryptocloudProviderConfig = t.OutputOf<typeof CryptocloudConfig>;

/** CryptoCloud's entry in the gateway's provider list. */
export const cryptocloudDescriptor = defineProvider<CryptocloudProviderConfig, CryptocloudConfig>({
  ids: ['cryptocloud'],
  decodeConfig: decodeCryptocloudConfig,
  create: (config, options) => adapter().createCryptocloudProvider(config, options),
  env: {
    apiKey: INVOICEKIT_ENV.apiKey,
    secretKey: INVOICEKIT_ENV.secretKey,
    shopId: INVOICEKIT_ENV.shopId,
    baseUrl: INVOICEKIT_ENV.baseUrl,
    timeoutMs: INVOICEKIT_ENV.timeoutMs,
  },
  // A postback carries its JWT in a `token` field (JSON or form); no header names the merchant.
  // Only the size-bounded, native token read runs here: nothing is verified yet.
  ownsWebhook: (_config, request) => E.isRight(E.flatMap(readPostbackRequest(request), readPostbackToken)),
  rejectsDuplicateOrders: false,
});

export { CRYPTOCLOUD_BASE_URL } from './config';
export { CRYPTOCLOUD_FIAT_CURRENCIES, CRYPTOCLOUD_CRYPTO_CURRENCIES } from './currencies';
export { signPostbackToken } from './signature';
