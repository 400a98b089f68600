import type { ConfigOf } from '@invoicekit/core';
import { btcpayDescriptor } from '@invoicekit/btcpay';
import { coinspaidDescriptor } from '@invoicekit/coinspaid';
import { cryptocloudDescriptor } from '@invoicekit/cryptocloud';
import { cryptomusDescriptor } from '@invoicekit/cryptomus';
import { nowpaymentsDescriptor } from '@invoicekit/nowpayments';

/** Every adapter the gateway knows, one descriptor each: a new provider is one more line here. */
export const ADAPTERS = [
  coinspaidDescriptor,
  cryptocloudDescriptor,
  cryptomusDescriptor,
  nowpaymentsDescriptor,
  btcpayDescriptor,
] as const;

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

export {
  signWebhook as signCryptomusWebhook,
  CRYPTOMUS_BASE_URLS,
  CRYPTOMUS_PRESETS,
  type CryptomusPreset,
  type CryptomusProvider,
  type CryptomusInvoiceList,
} from '@invoicekit/cryptomus';

export {
  signIpn as signNowpaymentsIpn,
  NOWPAYMENTS_BASE_URLS,
  SIGNATURE_RECIPES as NOWPAYMENTS_SIGNATURE_RECIPES,
  type NowpaymentsProvider,
  type NowpaymentsPaymentList,
} from '@invoicekit/nowpayments';

export {
  signWebhookBody as signBtcpayWebhook,
  BTCPAY_SIGNATURE_HEADER,
  BTCPAY_INVOICE_EVENTS,
  type BtcpayProvider,
} from '@invoicekit/btcpay';

/** Configuration of one provider, as a merchant writes it: the union of every adapter's configuration. */
export type ProviderConfig = ConfigOf<(typeof ADAPTERS)[number]>;
