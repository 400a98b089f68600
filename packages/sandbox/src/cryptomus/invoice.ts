import type { PaymentKind, SandboxInvoiceState } from '../types';
import { add, cmp, convert, demoAddress, demoTxid, fixed, half, remainder, scale } from '../rates';
import type { CryptomusFamilyId } from './settings';

/** The 14 documented payment statuses (doc.cryptomus.com/payments/payment-statuses). */
export type CryptomusWord =
  | 'check'
  | 'process'
  | 'confirm_check'
  | 'paid'
  | 'paid_over'
  | 'wrong_amount_waiting'
  | 'wrong_amount'
  | 'cancel'
  | 'fail'
  | 'system_fail'
  | 'refund_process'
  | 'refund_fail'
  | 'refund_paid'
  | 'locked';

/** A validated create request. */
export interface CryptomusCreate {
  readonly amount: string;
  readonly currency: string;
  readonly orderId: string;
  readonly lifetimeSeconds: number;
  readonly toCurrency: string | null;
  readonly network: string | null;
  readonly callbackUrl: string | null;
  readonly returnUrl: string | null;
  readonly successUrl: string | null;
  readonly isPaymentMultiple: boolean;
  readonly additionalData: string | null;
}

/** The sandbox's record of one invoice. */
export interface CryptomusInvoice {
  readonly provider: CryptomusFamilyId;
  readonly uuid: string;
  readonly url: string;
  readonly request: CryptomusCreate;
  readonly payerCurrency: string;
  readonly network: string;
  /** What the customer owes in `payerCurrency`, 8 decimals. */
  readonly payerAmount: string;
  readonly paid: string;
  readonly address: string;
  readonly status: CryptomusWord;
  readonly isFinal: boolean;
  readonly txid: string | null;
  readonly from: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
}

const DP = 8;
/** The sandbox's own commission on what was paid (2%); the providers' rates vary per merchant. */
const COMMISSION = '0.02';
const DEFAULT_PAY_CURRENCY = 'USDT';
const DEFAULT_NETWORK: Readonly<Record<string, string>> = {
  USDT: 'tron',
  BTC: 'btc',
  ETH: 'eth',
  TRX: 'tron',
  LTC: 'ltc',
};
const ADDRESS_STYLE: Readonly<Record<string, string>> = { tron: 'TRX', btc: 'BTC', ltc: 'LTC' };

/** A new invoice for a validated request, quoting the pay currency (the request's `to_currency`, else USDT on tron). */
export const newCryptomusInvoice = (
  provider: CryptomusFamilyId,
  request: CryptomusCreate,
  ids: { readonly uuid: string; readonly url: string },
  now: number,
): CryptomusInvoice => {
  const payerCurrency = request.toCurrency ?? DEFAULT_PAY_CURRENCY;
  const network = request.network ?? DEFAULT_NETWORK[payerCurrency] ?? payerCurrency.toLowerCase();
  return {
    provider,
    ...ids,
    request,
    payerCurrency,
    network,
    payerAmount: convert(request.amount, request.currency, payerCurrency, DP),
    paid: fixed('0', DP),
    address: demoAddress(ADDRESS_STYLE[network] ?? 'ETH'),
    status: 'check',
    isFinal: false,
    txid: null,
    from: null,
    createdAt: now,
    updatedAt: now,
    expiresAt: now + request.lifetimeSeconds * 1000,
  };
};

/** True while the invoice can still be paid or expire. */
export const cryptomusIsOpen = (inv: CryptomusInvoice): boolean =>
  inv.status === 'check' || inv.status === 'wrong_amount_waiting';

/** What is still owed, never below 0. */
export const owed = (inv: CryptomusInvoice): string => remainder(inv.payerAmount, inv.paid, DP);

const at = (inv: CryptomusInvoice, now: number, change: Partial<CryptomusInvoice>): CryptomusInvoice => ({
  ...inv,
  ...change,
  updatedAt: now,
});

/**
 * The states a payment of `kind` walks through: `confirm_check` once the transaction is seen, then
 * `paid`, `paid_over`, `wrong_amount_waiting` (part paid, more allowed) or `wrong_amount` (part paid on a
 * single-payment invoice); a transaction that is never credited ends `locked` (held by the AML program).
 */
export const cryptomusPaymentSteps = (
  open: CryptomusInvoice,
  kind: PaymentKind,
  now: number,
): ReadonlyArray<CryptomusInvoice> => {
  const due = owed(open);
  const amount =
    kind === 'partial'
      ? half(due, DP)
      : kind === 'over'
        ? add(due, scale(open.payerAmount, '0.1', DP), DP)
        : due;
  const from = demoAddress(ADDRESS_STYLE[open.network] ?? 'ETH');
  const seen = at(open, now, { status: 'confirm_check', isFinal: false, txid: demoTxid(), from });
  if (kind === 'unconfirmed') return [seen, at(seen, now, { status: 'locked', isFinal: true })];
  const paid = add(open.paid, amount, DP);
  const order = cmp(paid, open.payerAmount);
  const status: CryptomusWord =
    order === 0
      ? 'paid'
      : order > 0
        ? 'paid_over'
        : open.request.isPaymentMultiple
          ? 'wrong_amount_waiting'
          : 'wrong_amount';
  return [seen, at(seen, now, { status, paid, isFinal: status !== 'wrong_amount_waiting' })];
};

/** The state once the lifetime ran out: `cancel` when nothing was paid, `wrong_amount` when a part was. */
export const cryptomusExpired = (inv: CryptomusInvoice, now: number): CryptomusInvoice =>
  at(inv, now, { status: cmp(inv.paid, '0') > 0 ? 'wrong_amount' : 'cancel', isFinal: true });

const amountOrNull = (amount: string): string | null => (cmp(amount, '0') > 0 ? amount : null);

const merchantAmount = (inv: CryptomusInvoice): string =>
  remainder(inv.paid, scale(inv.paid, COMMISSION, DP), DP);

/** `YYYY-MM-DDTHH:MM:SS+03:00`, the providers' zone. */
export const moscowTime = (ms: number): string =>
  `${new Date(ms + 3 * 3_600_000).toISOString().slice(0, 19)}+03:00`;

/** The invoice object of create, info and list answers (fields as Heleket's Go SDK `Invoice` reads them). */
export const cryptomusInvoiceObject = (inv: CryptomusInvoice) => ({
  uuid: inv.uuid,
  order_id: inv.request.orderId,
  amount: fixed(inv.request.amount, DP),
  payment_amount: amountOrNull(inv.paid),
  payer_amount: inv.payerAmount,
  discount_percent: null,
  discount: fixed('0', DP),
  payer_currency: inv.payerCurrency,
  currency: inv.request.currency,
  merchant_amount: amountOrNull(merchantAmount(inv)),
  commission: fixed(scale(inv.paid, COMMISSION, DP), DP),
  network: inv.network,
  address: inv.address,
  from: inv.from,
  txid: inv.txid,
  payment_status: inv.status,
  url: inv.url,
  expired_at: Math.floor(inv.expiresAt / 1000),
  is_final: inv.isFinal,
  additional_data: inv.request.additionalData,
  created_at: moscowTime(inv.createdAt),
  updated_at: moscowTime(inv.updatedAt),
});

/**
 * The payment webhook's fields in the documented order (doc.cryptomus.com/payments/webhook), before
 * `sign`; `txid` only once a transaction exists ("The txid field will not exist if … Payment was not
 * paid"). The Cryptomus preset also sends `payer_amount`, which some of its locales list
 * (doc.cryptomus.com/kk/business/payments/webhook); Heleket's page does not.
 */
export const cryptomusWebhookFields = (inv: CryptomusInvoice, status: string = inv.status) => ({
  type: 'payment',
  uuid: inv.uuid,
  order_id: inv.request.orderId,
  amount: fixed(inv.request.amount, DP),
  payment_amount: inv.paid,
  payment_amount_usd: convert(inv.paid, inv.payerCurrency, 'USD', 2),
  merchant_amount: merchantAmount(inv),
  commission: fixed(scale(inv.paid, COMMISSION, DP), DP),
  is_final: inv.isFinal,
  status,
  from: inv.from,
  wallet_address_uuid: null,
  network: inv.network,
  currency: inv.request.currency,
  payer_currency: inv.payerCurrency,
  ...(inv.provider === 'cryptomus' ? { payer_amount: inv.payerAmount } : {}),
  additional_data: inv.request.additionalData,
  ...(inv.txid === null ? {} : { txid: inv.txid }),
});

/** The provider-neutral snapshot of an invoice. */
export const cryptomusState = (inv: CryptomusInvoice): SandboxInvoiceState => ({
  provider: inv.provider,
  id: inv.uuid,
  orderId: inv.request.orderId,
  status: inv.status,
  url: inv.url,
  price: { amount: inv.request.amount, currency: inv.request.currency },
  payment: {
    currency: inv.payerCurrency,
    amount: inv.payerAmount,
    paid: inv.paid,
    remaining: owed(inv),
    address: inv.address,
    tag: null,
  },
  allowsPartialPayment: inv.request.isPaymentMultiple,
  createdAt: new Date(inv.createdAt).toISOString(),
  expiresAt: new Date(inv.expiresAt).toISOString(),
  // Buttons on the payment form: url_return "before paying", url_success "after successful payment".
  returnUrls: {
    success: inv.request.successUrl,
    failure: inv.request.returnUrl,
    back: inv.request.returnUrl,
    automatic: false,
  },
});
