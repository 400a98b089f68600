import type * as t from 'io-ts';
import { constantTimeEquals, defineProvider, headerValue, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { createCoinspaidProvider } from './adapter';
import { KEY_HEADER } from './auth';
import { COINSPAID_PRESETS, decodeCoinspaidConfig, type CoinspaidConfig } from './config';

/** A CoinsPaid-platform configuration as a merchant writes it (keys as plain strings). */
export type CoinspaidProviderConfig = t.OutputOf<typeof CoinspaidConfig>;

/** The CoinsPaid platform's entry in the gateway's provider list: presets cryptoprocessing, alphapo and coinspaid. */
export const coinspaidDescriptor = defineProvider<CoinspaidProviderConfig, CoinspaidConfig>({
  ids: COINSPAID_PRESETS,
  decodeConfig: decodeCoinspaidConfig,
  create: createCoinspaidProvider,
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
