export {
  CoinspaidPreset,
  COINSPAID_PRESETS,
  CoinspaidEnvironment,
  COINSPAID_BASE_URLS,
  COINSPAID_DEFAULT_TIMEOUT_MS,
  CoinspaidDefaults,
  CoinspaidConfig,
  decodeCoinspaidConfig,
} from './config';
export { createCoinspaidProvider, type CoinspaidProviderOptions } from './adapter';
export { signCallback } from './signature';
export { COINSPAID_TIMER_MINUTES } from './request';
export { FEATURE_DISABLED_CODE } from './errors';
export { KEY_HEADER, SIGNATURE_HEADER } from './webhook';
export { coinspaidDescriptor, type CoinspaidProviderConfig } from './descriptor';
