import Big from 'big.js';
import type { PaymentKind, SandboxInvoiceState } from '../types';
import { add, cmp, convert, demoAddress, demoTxid, fixed, half, remainder, scale } from '../rates';

/** The payment statuses NOWPayments documents ("Get payment status"). */
export type NowpaymentsPaymentStatus =
  | 'waiting'
  | 'confirming'
  | 'confirmed'
  | 'sending'
  | 'partially_paid'
  | 'finished'
  | 'failed'
  | 'refunded'
  | 'expired';

/** A pay currency the emulator offers: its ticker, the asset its price follows, decimals and network. */
export interface NowpaymentsCurrency {
  readonly ticker: string;
  readonly asset: string;
  readonly dp: number;
  readonly network: string;
}

const coin = (ticker: string, asset: string, dp: number, network: string): NowpaymentsCurrency => ({
  ticker,
  asset,
  dp,
  network,
});

/** The pay currencies offered (NOWPayments tickers, lower case). */
export const NOWPAYMENTS_COINS: ReadonlyArray<NowpaymentsCurrency> = [
  coin('btc', 'BTC', 8, 'BTC'),
  coin('eth', 'ETH', 8, 'ETH'),
  coin('ltc', 'LTC', 8, 'LTC'),
  coin('trx', 'TRX', 6, 'TRX'),
  coin('sol', 'SOL', 9, 'SOL'),
  coin('ton', 'TON', 9, 'TON'),
  coin('doge', 'DOGE', 8, 'DOGE'),
  coin('usdttrc20', 'USDT', 6, 'TRX'),
  coin('usdterc20', 'USDT', 6, 'ETH'),
  coin('usdc', 'USDC', 6, 'ETH'),
];

/** The fiat price currencies the estimate endpoint names: "USD, EUR, CAD, GBP, AUD, ILS, RON" (the sandbox lacks rates for ILS and RON). */
export const NOWPAYMENTS_FIAT: ReadonlyArray<string> = ['usd', 'eur', 'cad', 'gbp', 'aud'];

/** The pay currency with this ticker, if offered. */
export const nowpaymentsCoin = (ticker: string): NowpaymentsCurrency | undefined =>
  NOWPAYMENTS_COINS.find((c) => c.ticker === ticker.toLowerCase());

/** The ticker a customer pays with when the invoice leaves the choice open. */
export const DEFAULT_COIN = 'btc';

/** The smallest payment in USD the sandbox accepts for every coin; NOWPayments' real minimums vary per pair [I]. */
export const MINIMUM_USD = '1';

/** A validated create-invoice request. */
export interface NowpaymentsInvoiceCreate {
  readonly priceAmount: string;
  readonly priceCurrency: string;
  readonly payCurrency: string | null;
  readonly orderId: string | null;
  readonly orderDescription: string | null;
  readonly ipnCallbackUrl: string | null;
  readonly successUrl: string | null;
  readonly cancelUrl: string | null;
  readonly partiallyPaidUrl: string | null;
  readonly isFixedRate: boolean;
  readonly isFeePaidByUser: boolean;
}

/** The sandbox's record of an invoice (a payment link): its request and the payments made against it. */
export interface NowpaymentsInvoice {
  readonly id: string;
  readonly request: NowpaymentsInvoiceCreate;
  readonly url: string;
  readonly createdAt: number;
}

/** The sandbox's record of a payment, made against an invoice, by `POST /payment`, or as a repeated deposit. */
export interface NowpaymentsPayment {
  readonly paymentId: string;
  readonly invoiceId: string | null;
  readonly parentPaymentId: string | null;
  readonly purchaseId: string;
  readonly status: NowpaymentsPaymentStatus;
  readonly request: NowpaymentsInvoiceCreate;
  readonly payCurrency: string;
  readonly payAmount: string;
  readonly actuallyPaid: string;
  readonly address: string;
  readonly payinHash: string | null;
  readonly childIds: ReadonlyArray<string>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const coinOf = (ticker: string): NowpaymentsCurrency => {
  const c = nowpaymentsCoin(ticker);
  if (c === undefined) throw new Error(`unknown coin ${ticker}`);
  return c;
};

const priceAsset = (ticker: string): string => ticker.toUpperCase();

/** A new payment of `request` in `ticker`, waiting for the customer. */
export const newPayment = (
  request: NowpaymentsInvoiceCreate,
  ids: { readonly paymentId: string; readonly purchaseId: string; readonly invoiceId: string | null },
  ticker: string,
  now: number,
): NowpaymentsPayment => {
  const c = coinOf(ticker);
  return {
    ...ids,
    parentPaymentId: null,
    status: 'waiting',
    request,
    payCurrency: c.ticker,
    payAmount: convert(request.priceAmount, priceAsset(request.priceCurrency), c.asset, c.dp),
    actuallyPaid: '0',
    address: demoAddress(c.network),
    payinHash: null,
    childIds: [],
    createdAt: now,
    updatedAt: now,
  };
};

/** The payment moved to `status`, having received `paid` in total. */
export const withStatus = (
  p: NowpaymentsPayment,
  status: NowpaymentsPaymentStatus,
  paid: string,
  now: number,
): NowpaymentsPayment => ({
  ...p,
  status,
  actuallyPaid: paid,
  payinHash: cmp(paid, '0') > 0 ? (p.payinHash ?? demoTxid()) : p.payinHash,
  updatedAt: now,
});

/** What the customer owes on a payment and everything deposited to its address since. */
export const owedAfter = (p: NowpaymentsPayment, depositedTotal: string): string =>
  remainder(p.payAmount, depositedTotal, coinOf(p.payCurrency).dp);

/** How much a `kind` of payment sends when `owed` is still owed on a payment of `payAmount`. */
export const depositFor = (
  kind: Exclude<PaymentKind, 'unconfirmed'>,
  owed: string,
  payAmount: string,
  ticker: string,
): string => {
  const { dp } = coinOf(ticker);
  return kind === 'full'
    ? owed
    : kind === 'partial'
      ? half(owed, dp)
      : add(owed, scale(payAmount, '0.1', dp), dp);
};

/**
 * The status sequence (one IPN each) of a customer's payment of `deposit` on a waiting payment of
 * `payAmount`: money seen, then confirmed and sent on to the merchant, or `partially_paid` when short.
 */
export const ownPaymentSteps = (
  kind: PaymentKind,
  deposit: string,
  payAmount: string,
): ReadonlyArray<NowpaymentsPaymentStatus> =>
  kind === 'unconfirmed'
    ? ['confirming']
    : cmp(deposit, payAmount) < 0
      ? ['confirming', 'partially_paid']
      : ['confirming', 'confirmed', 'sending', 'finished'];

/**
 * A repeated deposit to the address of `parent` (documented: "marked with either the Partially paid or
 * Finished status", at the rate of the day). Which of the two the sandbox gives is inferred: `finished`
 * once everything deposited covers the parent's `pay_amount`.
 */
export const repeatedDeposit = (
  parent: NowpaymentsPayment,
  ids: { readonly paymentId: string },
  deposit: string,
  depositedBefore: string,
  now: number,
): { readonly child: NowpaymentsPayment; readonly final: NowpaymentsPaymentStatus } => ({
  child: {
    ...parent,
    paymentId: ids.paymentId,
    parentPaymentId: parent.paymentId,
    status: 'waiting',
    actuallyPaid: '0',
    payinHash: null,
    childIds: [],
    createdAt: now,
    updatedAt: now,
  },
  final:
    cmp(add(depositedBefore, deposit, coinOf(parent.payCurrency).dp), parent.payAmount) >= 0
      ? 'finished'
      : 'partially_paid',
});

/** True while a payment still waits for the customer's money. */
export const isWaiting = (p: NowpaymentsPayment): boolean => p.status === 'waiting';

/** True once a payment took money and closed, so more money to its address is a repeated deposit. */
export const takesRepeatedDeposits = (p: NowpaymentsPayment): boolean =>
  p.status === 'partially_paid' || p.status === 'finished';

/** Everything deposited to a payment's address: its own money and its repeated deposits'. */
export const depositedTotal = (
  own: NowpaymentsPayment,
  children: ReadonlyArray<NowpaymentsPayment>,
): string =>
  children.reduce((sum, child) => new Big(sum).plus(child.actuallyPaid).toFixed(), own.actuallyPaid);

/** The provider-neutral snapshot of an invoice and its own payment (none until the customer picks a coin). */
export const nowpaymentsState = (
  inv: NowpaymentsInvoice,
  own: NowpaymentsPayment | undefined,
  children: ReadonlyArray<NowpaymentsPayment>,
): SandboxInvoiceState => {
  const ticker = own?.payCurrency ?? inv.request.payCurrency ?? DEFAULT_COIN;
  const { dp, asset } = coinOf(ticker);
  const amount =
    own?.payAmount ?? convert(inv.request.priceAmount, priceAsset(inv.request.priceCurrency), asset, dp);
  const paid = own === undefined ? fixed('0', dp) : fixed(depositedTotal(own, children), dp);
  return {
    provider: 'nowpayments',
    id: inv.id,
    orderId: inv.request.orderId,
    status: own?.status ?? 'created',
    url: inv.url,
    price: { amount: inv.request.priceAmount, currency: inv.request.priceCurrency },
    payment: {
      currency: ticker,
      amount,
      paid,
      remaining: remainder(amount, paid, dp),
      address: own?.address ?? null,
      tag: null,
    },
    allowsPartialPayment: true,
    createdAt: new Date(inv.createdAt).toISOString(),
    expiresAt: null,
    // "url where the customer will be redirected after successful payment" / "after failed payment".
    returnUrls: {
      success: inv.request.successUrl,
      failure: inv.request.cancelUrl,
      back: null,
      automatic: true,
    },
  };
};
