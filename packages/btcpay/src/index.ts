export {
  BtcpayConfig,
  BtcpayConfigInput,
  BtcpayEnvironment,
  decodeBtcpayConfig,
  BTCPAY_DEFAULT_TIMEOUT_MS,
} from './config';
export {
  BtcpayStatus,
  BtcpayAdditionalStatus,
  INVOICE_STATUS as BTCPAY_INVOICE_STATUS,
  type StatusMeaning,
} from './status';
export { BTCPAY_AMOUNT_FRACTION_DIGITS, BTCPAY_CAPABILITIES } from './request';
export { amountsOf, type Amounts } from './response';
export { BTCPAY_PATHS } from './client';
export { SIGNATURE_HEADER as BTCPAY_SIGNATURE_HEADER, signWebhookBody } from './signature';
export { BTCPAY_INVOICE_EVENTS, BTCPAY_OTHER_EVENTS, type BtcpayInvoiceEventType } from './events';
export { BTCPAY_MAX_WEBHOOK_BODY_BYTES } from './webhook';
export { createBtcpayProvider, type BtcpayProvider } from './adapter';
export { btcpayDescriptor, type BtcpayProviderConfig } from './descriptor';
