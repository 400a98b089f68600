import { minutes, type RetrySchedule } from '../retry';

/** The provider the BTCPay emulator serves. */
export const BTCPAY = ['btcpay'] as const;

/** BTCPay's provider id. */
export type BtcpayId = (typeof BTCPAY)[number];

/** Credentials and API root of the emulated BTCPay store, named as the adapter's configuration fields. */
export interface BtcpayCredentials {
  /** The Greenfield API key, sent as `Authorization: token …`. */
  readonly apiKey: string;
  /** The store id in every `/api/v1/stores/{storeId}/…` path. */
  readonly shopId: string;
  /** The store webhook's secret, which keys `BTCPay-Sig`. */
  readonly secretKey: string;
  /** The instance root such as `http://127.0.0.1:PORT/btcpay`; paths like `/api/v1/stores/…` are appended. */
  readonly baseUrl: string;
}

/** The emulated BTCPay rate source's pay currency: the store offers `BTC-CHAIN` and `BTC-LN`. */
export const BTCPAY_PAY_CURRENCY = 'BTC';

/** Satoshi precision of BTC amounts. */
export const BTC_DECIMALS = 8;

/** The store defaults BTCPay documents (CheckoutOptions): 15 minutes to pay, 1440 minutes of monitoring. */
export const BTCPAY_STORE_DEFAULTS = {
  expirationMinutes: 15,
  monitoringMinutes: 1440,
  speedPolicy: 'MediumSpeed',
  currency: 'USD',
} as const;

/**
 * BTCPay's automatic redelivery (WebhookSender.cs, btcpayserver/btcpayserver): after a failed
 * delivery it waits 10 s, 1 min, then 10 min six times — 1 + 8 attempts, each a new delivery with
 * `isRedelivery: true` and the first delivery's `originalDeliveryId`.
 */
export const BTCPAY_RETRY_SCHEDULE: RetrySchedule = {
  delaysMs: [10_000, ...minutes([1, 10, 10, 10, 10, 10, 10])],
  source:
    'btcpayserver/btcpayserver BTCPayServer/Plugins/Webhooks/WebhookSender.cs Process(): waits of 10 s, 1 min and ' +
    'six of 10 min; WebhookDataCreate.automaticRedelivery: "retry to redeliver any failed delivery after 10 seconds, ' +
    '1 minutes and up to 6 times after 10 minutes"',
};
