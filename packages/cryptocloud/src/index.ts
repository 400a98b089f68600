export {
  CryptocloudConfig,
  CryptocloudConfigInput,
  decodeCryptocloudConfig,
  CRYPTOCLOUD_BASE_URL,
  CRYPTOCLOUD_DEFAULT_TIMEOUT_MS,
} from './config';
export {
  CRYPTOCLOUD_FIAT_CURRENCIES,
  CRYPTOCLOUD_CRYPTO_CURRENCIES,
  CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS,
} from './request';
export { CryptocloudStatus } from './status';
export {
  createCryptocloudProvider,
  CRYPTOCLOUD_CAPABILITIES,
  type CryptocloudProvider,
  type CryptocloudProviderOptions,
  type CryptocloudListQueryInput,
} from './adapter';
export { signPostbackToken, type PostbackTokenClaim, type PostbackTokenOptions } from './signature';
export { cryptocloudDescriptor, type CryptocloudProviderConfig } from './descriptor';
