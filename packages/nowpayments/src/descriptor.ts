/**
 * What `@invoicekit/gateway` lists and re-exports from this adapter: its descriptor, hosts and signing
 * helpers, without loading the adapter itself, which the descriptor loads when a provider is built.
 *
 * @module @invoicekit/nowpayments/descriptor
 */
import type * as t from 'io-ts';
import { defineProvider, headerValue, INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import { decodeNowpaymentsConfig, type NowpaymentsConfig } from './config';
import { SIGNATURE_HEADER } from './signature';

/** The adapter itself, loaded by the first provider built from this descriptor rather than on import. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load on first use keeps imports of the gateway from paying for unused adapters
const adapter = (): typeof import('./adapter') => require('./adapter');

/** A NOWPayments configuration as a merchant writes it (keys as plain strings). */
export type NowpaymentsProviderConfig = t.OutputOf<typeof NowpaymentsConfig>;

/** The variables the dashboard login for the payment list's JWT is read from. */
export const NOWPAYMENTS_ENV = {
  email: { variable: 'INVOICEKIT_NOWPAYMENTS_EMAIL', kind: 'text' },
  password: { variable: 'INVOICEKIT_NOWPAYMENTS_PASSWORD', kind: 'text' },
} as const;

/** NOWPayments' entry in the gateway's provider list. */
export const nowpaymentsDescriptor = defineProvider<NowpaymentsProviderConfig, NowpaymentsConfig>({
  ids: ['nowpayments'],
  decodeConfig: decodeNowpaymentsConfig,
  create: (config, options) => adapter().createNowpaymentsProvider(config, options),
  env: {
    apiKey: INVOICEKIT_ENV.apiKey,
    secretKey: INVOICEKIT_ENV.secretKey,
    environment: INVOICEKIT_ENV.environment,
    baseUrl: INVOICEKIT_ENV.baseUrl,
    timeoutMs: INVOICEKIT_ENV.timeoutMs,
    ...NOWPAYMENTS_ENV,
  },
  // Only NOWPayments sends x-nowpayments-sig; no header carries the merchant's key, so the signature is checked later.
  ownsWebhook: (_config, request) => {
    const signature = headerValue(request.headers, SIGNATURE_HEADER);
    return signature !== undefined && signature.trim() !== '';
  },
  rejectsDuplicateOrders: false,
});

export { NOWPAYMENTS_BASE_URLS } from './config';
export { SIGNATURE_RECIPES } from './recipes';
export { signIpn } from './signature';
