import type { ConfigOf } from '@invoicekit/core';
import { btcpayDescriptor } from '@invoicekit/btcpay/descriptor';
import { coinspaidDescriptor } from '@invoicekit/coinspaid/descriptor';
import { cryptocloudDescriptor } from '@invoicekit/cryptocloud/descriptor';
import { cryptomusDescriptor } from '@invoicekit/cryptomus/descriptor';
import { nowpaymentsDescriptor } from '@invoicekit/nowpayments/descriptor';

/**
 * Every adapter the gateway knows, one descriptor each: a new provider is one more line here. Each
 * comes from its package's `descriptor` entry, so an adapter loads only when one of its providers is built.
 */
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
} from '@invoicekit/coinspaid/descriptor';
export {
  signPostbackToken,
  CRYPTOCLOUD_BASE_URL,
  CRYPTOCLOUD_FIAT_CURRENCIES,
  CRYPTOCLOUD_CRYPTO_CURRENCIES,
} from '@invoicekit/cryptocloud/descriptor';
export type { CryptocloudProvider } from '@invoicekit/cryptocloud';

export {
  signWebhook as signCryptomusWebhook,
  CRYPTOMUS_BASE_URLS,
  CRYPTOMUS_PRESETS,
  type CryptomusPreset,
} from '@invoicekit/cryptomus/descriptor';
export type { CryptomusProvider, CryptomusInvoiceList } from '@invoicekit/cryptomus';

export {
  signIpn as signNowpaymentsIpn,
  NOWPAYMENTS_BASE_URLS,
  SIGNATURE_RECIPES as NOWPAYMENTS_SIGNATURE_RECIPES,
} from '@invoicekit/nowpayments/descriptor';
export type { NowpaymentsProvider, NowpaymentsPaymentList } from '@invoicekit/nowpayments';

export {
  signWebhookBody as signBtcpayWebhook,
  BTCPAY_SIGNATURE_HEADER,
  BTCPAY_INVOICE_EVENTS,
} from '@invoicekit/btcpay/descriptor';
export type { BtcpayProvider } from '@invoicekit/btcpay';

/** Configuration of one provider, as a merchant writes it: the union of every adapter's configuration. */
export type ProviderConfig = ConfigOf<(typeof ADAPTERS)[number]>;
