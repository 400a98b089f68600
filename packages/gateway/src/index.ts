export * from '@invoicekit/core';
export { type ProviderConfig, type DecodedProviderConfig, decodeProviderConfig } from './config';
export { createProvider, providerFor, type ProviderOptions } from './createProvider';
export { providerFromEnv, ENV_NAMES } from './env';
export { createGateway, type Gateway, type NoRoute, type RoutedEvent } from './gateway';
export {
  createCoinspaidProvider,
  decodeCoinspaidConfig,
  signCallback,
  COINSPAID_BASE_URLS,
  COINSPAID_PRESETS,
  type CoinspaidConfig,
  type CoinspaidPreset,
} from '@invoicekit/coinspaid';
export {
  createCryptocloudProvider,
  decodeCryptocloudConfig,
  signPostbackToken,
  CRYPTOCLOUD_BASE_URL,
  CRYPTOCLOUD_FIAT_CURRENCIES,
  CRYPTOCLOUD_CRYPTO_CURRENCIES,
  type CryptocloudConfig,
  type CryptocloudProvider,
} from '@invoicekit/cryptocloud';
