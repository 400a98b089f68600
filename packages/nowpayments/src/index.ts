export {
  NowpaymentsConfig,
  NowpaymentsConfigInput,
  NowpaymentsEnvironment,
  decodeNowpaymentsConfig,
  NOWPAYMENTS_BASE_URLS,
  NOWPAYMENTS_DEFAULT_TIMEOUT_MS,
  NOWPAYMENTS_MINIMUM_TTL_MS,
} from './config';
export { NowpaymentsStatus, PAYMENT_STATUS, type PaymentStatus } from './status';
export {
  NOWPAYMENTS_AMOUNT_FRACTION_DIGITS,
  NOWPAYMENTS_CAPABILITIES,
  NOWPAYMENTS_UNSUPPORTED,
  type NowpaymentsListQuery,
} from './request';
export { NOWPAYMENTS_INVOICE_PAGES, type NowpaymentsPaymentSummary } from './response';
export { SIGNATURE_RECIPES, serialiseFor, type SignatureRecipe } from './recipes';
export { SIGNATURE_HEADER, signIpn, signWith } from './signature';
export { NOWPAYMENTS_MAX_IPN_BYTES } from './webhook';
export { createNowpaymentsProvider, type NowpaymentsPaymentList, type NowpaymentsProvider } from './adapter';
export { nowpaymentsDescriptor, NOWPAYMENTS_ENV, type NowpaymentsProviderConfig } from './descriptor';
