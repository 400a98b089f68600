import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { defineProvider, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { createCryptocloudProvider } from './adapter';
import { decodeCryptocloudConfig, type CryptocloudConfig } from './config';
import { readPostbackRequest, readPostbackToken } from './postbackBody';

/** A CryptoCloud configuration as a merchant writes it (keys as plain strings). */
export type CryptocloudProviderConfig = t.OutputOf<typeof CryptocloudConfig>;

/** CryptoCloud's entry in the gateway's provider list. */
export const cryptocloudDescriptor = defineProvider<CryptocloudProviderConfig, CryptocloudConfig>({
  ids: ['cryptocloud'],
  decodeConfig: decodeCryptocloudConfig,
  create: createCryptocloudProvider,
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
