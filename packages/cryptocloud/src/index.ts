export {
  CryptocloudConfig,
  CryptocloudConfigInput,
  decodeCryptocloudConfig,
  CRYPTOCLOUD_BASE_URL,
  CRYPTOCLOUD_DEFAULT_TIMEOUT_MS,
} from './config';
export { CRYPTOCLOUD_FIAT_CURRENCIES, CRYPTOCLOUD_CRYPTO_CURRENCIES } from './request';
export { CryptocloudStatus } from './status';
export {
  createCryptocloudProvider,
  CRYPTOCLOUD_CAPABILITIES,
  type CryptocloudProvider,
  type CryptocloudProviderOptions,
  type CryptocloudListQueryInput,
  type CryptocloudWebhookOptions,
} from './adapter';
export { signPostbackToken } from './webhook';
