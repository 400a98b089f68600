import type { PaymentKind, SandboxInvoiceState } from '../types';
import {
  add,
  cmp,
  convert,
  demoAddress,
  demoTxid,
  fixed,
  half,
  proportion,
  remainder,
  scale,
} from '../rates';
import { COINSPAID_DP, coinspaidCurrency, defaultPayCurrency, type CoinspaidCurrency } from './currencies';
import type { CoinspaidFamilyId } from './settings';
import type { CoinspaidCreate } from './validate';

/** Invoice statuses of the platform: `created`/`pending` from create, the rest from callbacks. */
export type CoinspaidStatus = 'created' | 'pending' | 'processing' | 'confirmed' | 'failed';

/** One customer transaction towards an invoice. */
export interface CoinspaidTransaction {
  readonly id: number;
  readonly amount: string;
  readonly txid: string;
  readonly confirmations: number;
}

/** The sandbox's record of a CoinsPaid-platform invoice. */
export interface CoinspaidInvoice {
  readonly provider: CoinspaidFamilyId;
  readonly id: number;
  /** Its hosted page's code: the page is at the engine's `pageUrl(code)`. */
  readonly code: string;
  readonly request: CoinspaidCreate;
  readonly status: CoinspaidStatus;
  readonly error: string;
  /** Pay-in side, fixed at creation (timer + sender_currency) or when the customer pays. */
  readonly payCurrency: string | null;
  readonly payAmount: string | null;
  readonly paid: string;
  readonly address: string | null;
  readonly tag: string | null;
  readonly addressId: number;
  readonly createdAt: number;
  /** Unix seconds. */
  readonly fixedAt: number | null;
  readonly releaseAt: number | null;
  readonly transactions: ReadonlyArray<CoinspaidTransaction>;
}

/** Lifetime of a timer invoice, as documented. */
export const TIMER_SECONDS = 15 * 60;

const ZERO = fixed('0', COINSPAID_DP);

const NO_TRANSACTIONS: ReadonlyArray<CoinspaidTransaction> = Object.freeze([]);

const seconds = (ms: number): number => Math.floor(ms / 1000);

const currencyOf = (code: string): CoinspaidCurrency => {
  const c = coinspaidCurrency(code);
  if (c === undefined) throw new Error(`unknown currency ${code}`);
  return c;
};

const quote = (request: CoinspaidCreate, pay: CoinspaidCurrency) => ({
  payCurrency: pay.code,
  payAmount: convert(request.amount, currencyOf(request.currency).asset, pay.asset, COINSPAID_DP),
  address: demoAddress(pay.addressStyle),
  tag: pay.tag ? String(100000 + (Date.now() % 900000)) : null,
});

/** A new invoice for a validated create request. */
export const newCoinspaidInvoice = (
  provider: CoinspaidFamilyId,
  request: CoinspaidCreate,
  ids: { readonly id: number; readonly addressId: number; readonly code: string },
  now: number,
): CoinspaidInvoice => {
  const fixedQuote =
    request.timer && request.senderCurrency !== null
      ? quote(request, currencyOf(request.senderCurrency))
      : null;
  return {
    provider,
    id: ids.id,
    code: ids.code,
    request,
    status: request.timer ? 'pending' : 'created',
    error: '',
    payCurrency: fixedQuote?.payCurrency ?? null,
    payAmount: fixedQuote?.payAmount ?? null,
    paid: ZERO,
    address: fixedQuote?.address ?? null,
    tag: fixedQuote?.tag ?? null,
    addressId: ids.addressId,
    createdAt: now,
    fixedAt: fixedQuote === null ? null : seconds(now),
    releaseAt: request.timer ? seconds(now) + TIMER_SECONDS : null,
    transactions: NO_TRANSACTIONS,
  };
};

/** The documented 201 body `{data:{…}}` of `/invoices/create`, for the invoice whose page is at `url`. */
export const coinspaidCreateResponse = (inv: CoinspaidInvoice, url: string, now: number) => ({
  data: {
    id: inv.id,
    url,
    foreign_id: inv.request.foreignId,
    end_user_reference: inv.request.endUserReference,
    address: inv.address,
    tag: inv.tag,
    title: inv.request.title,
    status: inv.status,
    currency: inv.request.currency,
    amount: inv.request.amount,
    sender_currency: inv.payCurrency !== null && inv.fixedAt !== null ? inv.payCurrency : null,
    sender_amount: inv.fixedAt !== null ? inv.payAmount : null,
    fixed_at: inv.fixedAt,
    release_at: inv.releaseAt,
    seconds_left: inv.releaseAt === null ? null : Math.max(0, inv.releaseAt - seconds(now)),
  },
});

/** Fixes the pay currency, amount and address if the customer has not picked them yet. */
export const withQuote = (inv: CoinspaidInvoice, now: number): CoinspaidInvoice =>
  inv.payCurrency !== null
    ? inv
    : {
        ...inv,
        ...quote(inv.request, defaultPayCurrency(currencyOf(inv.request.currency))),
        fixedAt: seconds(now),
      };

/** The amount the customer still owes in the pay currency. */
export const coinspaidRemaining = (inv: CoinspaidInvoice): string =>
  inv.payAmount === null ? ZERO : remainder(inv.payAmount, inv.paid, COINSPAID_DP);

/** The amount credited to the merchant, in the invoice currency, for what was paid so far. */
export const coinspaidReceived = (inv: CoinspaidInvoice): string =>
  inv.payAmount === null || inv.status === 'processing' || inv.status === 'failed'
    ? ZERO
    : proportion(inv.request.amount, inv.paid, inv.payAmount, COINSPAID_DP);

/** True while the invoice can still be paid or expired. */
export const coinspaidIsOpen = (inv: CoinspaidInvoice): boolean =>
  inv.status === 'created' || inv.status === 'pending';

// The `error` texts of failed invoice callbacks, exactly as documented in coinspaid/docs
// api-documentation/v2/invoices.md ("Invoice failed", cases a–c) and api-documentation/callbacks.md
// ("Invoice payment callbacks": "Timer expired", "Processing status for more than 24 hours",
// "Payment is lesser than invoice amount"); the same texts are in serjvanilla/coinspaid-go
// coinspaid/callback_data_marshal_test.go. All three begin with "Timer expired.".

/** `error` of an invoice whose timer ran out with nothing paid. */
export const FAILED_NOT_PAID = 'Timer expired. User not paid.';
/** `error` of an invoice whose transaction stayed in `processing` for more than 24 hours. */
export const FAILED_PROCESSING_TOO_LONG = 'Timer expired. Transactions were in status processing too long.';
/** `error` of an underpaid invoice: the customer's money arrived, the invoice failed, a refund e-mail goes out. */
export const FAILED_UNDERPAID = 'Timer expired. User paid less than requested.';

/** `text`, or the first of `held` with the same digits: an amount the invoice already holds is kept once. */
const oneCopy = (text: string, ...held: ReadonlyArray<string | null>): string =>
  held.find((amount) => amount === text) ?? text;

const paymentAmount = (inv: CoinspaidInvoice, kind: PaymentKind, owed: string): string =>
  kind === 'partial'
    ? half(owed, COINSPAID_DP)
    : kind === 'over'
      ? add(owed, scale(inv.payAmount ?? owed, '0.1', COINSPAID_DP), COINSPAID_DP)
      : owed;

/**
 * The states a payment moves an open invoice through, one callback each: `processing`, then
 * `confirmed`, or `failed` when underpaid or (`unconfirmed`) never confirmed; or one `pending` for a
 * part payment of a `good_until_expired` invoice.
 */
export const coinspaidPaymentSteps = (
  open: CoinspaidInvoice,
  kind: PaymentKind,
  txId: number,
  now: number,
): ReadonlyArray<CoinspaidInvoice> => {
  const inv = withQuote(open, now);
  const amount = oneCopy(paymentAmount(inv, kind, coinspaidRemaining(inv)), inv.payAmount);
  const paid = oneCopy(add(inv.paid, amount, COINSPAID_DP), amount, inv.payAmount);
  const tx = (confirmations: number): ReadonlyArray<CoinspaidTransaction> =>
    inv.transactions.concat({ id: txId, amount, txid: demoTxid(), confirmations });
  const underpaid = cmp(paid, inv.payAmount ?? paid) < 0;
  if (underpaid && inv.request.type === 'good_until_expired')
    return [{ ...inv, status: 'pending', paid, transactions: tx(2) }];
  const processing: CoinspaidInvoice = { ...inv, status: 'processing', paid, transactions: tx(0) };
  return [
    processing,
    kind === 'unconfirmed'
      ? { ...processing, status: 'failed', error: FAILED_PROCESSING_TOO_LONG }
      : underpaid
        ? { ...processing, status: 'failed', error: FAILED_UNDERPAID, transactions: tx(2) }
        : { ...processing, status: 'confirmed', transactions: tx(2) },
  ];
};

/** The failed state of an open invoice whose timer ran out. */
export const coinspaidExpired = (open: CoinspaidInvoice, now: number): CoinspaidInvoice => {
  const inv = withQuote(open, now);
  return {
    ...inv,
    status: 'failed',
    error: cmp(inv.paid, '0') > 0 ? FAILED_UNDERPAID : FAILED_NOT_PAID,
  };
};

/**
 * `error` of an invoice cancelled through `POST /invoices/{foreign_id}/cancel/`. Our wording: what a
 * cancelled invoice's callback carries is undocumented (PROVIDERS §1.3 [I]); the endpoint's refusal,
 * "Invoice cannot be failed in its current state.", suggests it ends `failed`.
 */
export const CANCELLED_BY_MERCHANT = 'Invoice cancelled by merchant.';

/** True while the invoice can still be cancelled: `created`, `pending` or `processing`, as documented. */
export const coinspaidIsCancellable = (inv: CoinspaidInvoice): boolean =>
  inv.status === 'created' || inv.status === 'pending' || inv.status === 'processing';

/** The failed state of a cancelled invoice, its pay currency fixed like an expired one's. */
export const coinspaidCancelled = (inv: CoinspaidInvoice, now: number): CoinspaidInvoice => ({
  ...withQuote(inv, now),
  status: 'failed',
  error: CANCELLED_BY_MERCHANT,
});

/** When an open invoice expires by itself (ms), if it has a timer. */
export const coinspaidExpiresAt = (inv: CoinspaidInvoice): number | null =>
  inv.releaseAt === null ? null : inv.releaseAt * 1000;

/** The provider-neutral snapshot of an invoice whose page is at `url`. */
export const coinspaidState = (inv: CoinspaidInvoice, url: string): SandboxInvoiceState => {
  const offered = defaultPayCurrency(currencyOf(inv.request.currency));
  const payAmount =
    inv.payAmount ??
    convert(inv.request.amount, currencyOf(inv.request.currency).asset, offered.asset, COINSPAID_DP);
  return {
    provider: inv.provider,
    id: String(inv.id),
    orderId: inv.request.foreignId,
    status: inv.status,
    url,
    price: { amount: inv.request.amount, currency: inv.request.currency },
    payment: {
      currency: inv.payCurrency ?? offered.code,
      amount: payAmount,
      paid: inv.paid,
      remaining: remainder(payAmount, inv.paid, COINSPAID_DP),
      address: inv.address,
      tag: inv.tag,
    },
    allowsPartialPayment: inv.request.type === 'good_until_expired',
    createdAt: new Date(inv.createdAt).toISOString(),
    expiresAt: inv.releaseAt === null ? null : new Date(inv.releaseAt * 1000).toISOString(),
    // "The customer is redirected to url_success" (payment-requests/test-cases.md); url_failed likewise.
    returnUrls: {
      success: inv.request.urlSuccess,
      failure: inv.request.urlFailed,
      back: null,
      automatic: true,
    },
  };
};
