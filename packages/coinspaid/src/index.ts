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
export { COINSPAID_TIMER_MINUTES } from './request';
export { signCallback } from './signature';
export { COINSPAID_MAX_CALLBACK_BYTES } from './webhook';
export { KEY_HEADER, SIGNATURE_HEADER } from './auth';
export { FEATURE_DISABLED_CODE } from './errors';
export { createCoinspaidProvider } from './adapter';
export { coinspaidDescriptor, type CoinspaidProviderConfig } from './descriptor';
