import type { ConfigOf } from '@invoicekit/core';
import { coinspaidDescriptor } from '@invoicekit/coinspaid';
import { cryptocloudDescriptor } from '@invoicekit/cryptocloud';

/** Every adapter the gateway knows, one descriptor each: a new provider is one more line here. */
export const ADAPTERS = [coinspaidDescriptor, cryptocloudDescriptor] as const;

/** What the adapters give users beyond the common interface: signing helpers for tests, hosts, currency lists. */
export {
  signCallback,
  COINSPAID_BASE_URLS,
  COINSPAID_PRESETS,
  type CoinspaidPreset,
} from '@invoicekit/coinspaid';
export {
  signPostbackToken,
  CRYPTOCLOUD_BASE_URL,
  CRYPTOCLOUD_FIAT_CURRENCIES,
  CRYPTOCLOUD_CRYPTO_CURRENCIES,
  type CryptocloudProvider,
} from '@invoicekit/cryptocloud';

/** Configuration of one provider, as a merchant writes it: the union of every adapter's configuration. */
export type ProviderConfig = ConfigOf<(typeof ADAPTERS)[number]>;
