export {
  CryptocloudConfig,
  CryptocloudConfigInput,
  decodeCryptocloudConfig,
  CRYPTOCLOUD_BASE_URL,
  CRYPTOCLOUD_DEFAULT_TIMEOUT_MS,
} from './config';
export { CryptocloudStatus } from './status';
export { CRYPTOCLOUD_FIAT_CURRENCIES, CRYPTOCLOUD_CRYPTO_CURRENCIES } from './currencies';
export {
  CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS,
  CRYPTOCLOUD_CAPABILITIES,
  type CryptocloudListQueryInput,
} from './request';
export {
  signPostbackToken,
  POSTBACK_CLOCK_TOLERANCE_SECONDS,
  POSTBACK_MAX_TOKEN_LIFETIME_SECONDS,
  type PostbackTokenClaim,
  type PostbackTokenOptions,
} from './signature';
export { CRYPTOCLOUD_MAX_POSTBACK_BYTES } from './postbackBody';
export { createCryptocloudProvider, type CryptocloudProvider } from './adapter';
export { cryptocloudDescriptor, type CryptocloudProviderConfig } from './descriptor';
