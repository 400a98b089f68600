export {
  CryptomusPreset,
  CRYPTOMUS_PRESETS,
  CRYPTOMUS_BASE_URLS,
  CRYPTOMUS_DEFAULT_TIMEOUT_MS,
  CryptomusEnvironment,
  CryptomusConfig,
  decodeCryptomusConfig,
} from './config';
export { PAYMENT_STATUS, canonicalStatus, type CryptomusStatus, type CanonicalStatus } from './status';
export {
  CRYPTOMUS_CAPABILITIES,
  CRYPTOMUS_AMOUNT_FRACTION_DIGITS,
  CRYPTOMUS_LIFETIME_MINUTES,
  type CryptomusListQueryInput,
} from './request';
export { amountsOf, type CryptomusAmounts, type ReceivedAndRemaining } from './response';
export { signBody, signWebhook, WEBHOOK_RECIPES, type WebhookRecipe } from './signature';
export { MERCHANT_HEADER, SIGN_HEADER } from './auth';
export { VALIDATION_CODE } from './errors';
export { CRYPTOMUS_MAX_WEBHOOK_BODY_BYTES } from './webhook';
export { createCryptomusProvider, type CryptomusProvider, type CryptomusInvoiceList } from './adapter';
export { cryptomusDescriptor, CRYPTOMUS_ENV, type CryptomusProviderConfig } from './descriptor';
