import Big from 'big.js';
import * as E from 'fp-ts/Either';
import {
  type Decimal,
  type EventTransaction,
  type Invoice,
  type InvoiceError,
  type Money,
  type PaymentDetails,
} from '@invoicekit/core';
import {
  canonicalDecimal,
  notFound,
  textOrNull,
  unexpectedResponse,
  type WithRaw,
} from '@invoicekit/core/adapter';
import type { NowpaymentsInvoice, NowpaymentsPayment, NowpaymentsPaymentPage } from './codecs';
import type { NowpaymentsConfig, NowpaymentsEnvironment } from './config';
import { isExtraDeposit, paymentStatus } from './status';

/**
 * The hosted invoice page. Production is the documented `invoice_url` form
 * (`https://nowpayments.io/payment/?iid=4522625843`); the sandbox page is inferred [I] from the
 * sandbox account host. Used where only payments were read, which carry no `invoice_url`.
 */
export const NOWPAYMENTS_INVOICE_PAGES: Readonly<Record<NowpaymentsEnvironment, string>> = {
  production: 'https://nowpayments.io/payment/?iid=',
  sandbox: 'https://sandbox.nowpayments.io/payment/?iid=',
};

/** A NOWPayments ticker (`usd`, `usdttrc20`) as a canonical currency code (`USD`, `USDTTRC20`). */
export const canonicalCurrency = (ticker: string): string => ticker.trim().toUpperCase();

/** The status word `getInvoice` and `createInvoice` report for an invoice no payment exists for: NOWPayments gives invoices none. */
export const INVOICE_CREATED_WORD = 'created';

const dateOrNull = (text: string | null | undefined): Date | null => {
  if (typeof text !== 'string') return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
};

const ZERO = '0' as Decimal;

const minus = (a: Decimal, b: Decimal): Decimal => {
  const difference = new Big(a).minus(new Big(b));
  return difference.lte(0) ? ZERO : canonicalDecimal(difference.toFixed());
};

const payCurrencyOf = (payment: NowpaymentsPayment): string | null => {
  const ticker = textOrNull(payment.pay_currency);
  return ticker === null ? null : canonicalCurrency(ticker);
};

/** What a payment says was received and is still owed. */
export interface PaymentAmounts {
  readonly received: Money | null;
  readonly remaining: Money | null;
}

/**
 * The amounts a payment states, in its pay currency: `received` is `actually_paid`, `remaining` is
 * `pay_amount` less that (never below 0). A repeated or wrong-asset deposit states neither: its
 * `actually_paid` is one extra deposit, not what the invoice has received.
 */
export const amountsOf = (payment: NowpaymentsPayment): PaymentAmounts => {
  const currency = payCurrencyOf(payment);
  if (currency === null || isExtraDeposit(payment)) return { received: null, remaining: null };
  const paid = payment.actually_paid ?? null;
  const asked = payment.pay_amount ?? null;
  return {
    received: paid === null ? null : { amount: paid, currency },
    remaining: asked === null ? null : { amount: minus(asked, paid ?? ZERO), currency },
  };
};

/** The deposit a payment reports, as an event transaction; none before money was seen. */
export const transactionsOf = (payment: NowpaymentsPayment): EventTransaction[] => {
  const currency = payCurrencyOf(payment);
  const paid = payment.actually_paid ?? null;
  return currency === null || paid === null || !/[1-9]/.test(paid)
    ? []
    : [
        {
          id: payment.payment_id,
          txid: textOrNull(payment.payin_hash),
          currency,
          amount: paid,
          confirmations: null,
        },
      ];
};

/** The order id a payment names, if any (NOWPayments sends `null` when the invoice had none). */
export const orderIdOf = (payment: NowpaymentsPayment): string | null => textOrNull(payment.order_id);

/** Maps the answer of `POST /v1/invoice` to the canonical invoice: no payment exists yet, so it is `created`. */
export const toCreatedInvoice =
  (config: NowpaymentsConfig, fallbackOrderId: string | null) =>
  ({ wire, raw }: WithRaw<NowpaymentsInvoice>): Invoice => {
    const payCurrency = textOrNull(wire.pay_currency);
    return {
      provider: 'nowpayments',
      id: wire.id,
      orderId: textOrNull(wire.order_id) ?? fallbackOrderId,
      customerReference: null,
      status: 'created',
      providerStatus: INVOICE_CREATED_WORD,
      failureReason: null,
      paymentUrl: wire.invoice_url,
      title: textOrNull(wire.order_description),
      price: { amount: wire.price_amount, currency: canonicalCurrency(wire.price_currency) },
      payment:
        payCurrency === null
          ? null
          : {
              currency: canonicalCurrency(payCurrency),
              amount: null,
              address: null,
              tag: null,
              network: null,
            },
      // A new invoice has no payment yet: nothing received, and the pay amount is not quoted until one exists.
      received: null,
      remaining: null,
      createdAt: dateOrNull(wire.created_at),
      expiresAt: null,
      testMode: config.testMode,
      raw,
    };
  };

// How far a payment got: the invoice is read from its most advanced own payment (a customer who
// switched currency leaves an expired payment beside the one they paid).
const PROGRESS: Readonly<Record<string, number>> = {
  finished: 7,
  partially_paid: 6,
  sending: 5,
  confirmed: 4,
  confirming: 3,
  refunded: 2,
  waiting: 1,
  failed: 0,
  expired: 0,
};

const progressOf = (payment: NowpaymentsPayment): number =>
  Object.prototype.hasOwnProperty.call(PROGRESS, payment.payment_status)
    ? PROGRESS[payment.payment_status]!
    : -1;

/** The invoice's own payment among those listed for it: the most advanced, the latest on a tie; null when none. */
export const primaryPayment = <P extends { readonly wire: NowpaymentsPayment }>(
  payments: ReadonlyArray<P>,
): P | null => {
  const own = payments.filter(({ wire }) => !isExtraDeposit(wire));
  let best: P | null = null;
  for (const payment of own.length > 0 ? own : payments) {
    if (best === null || progressOf(payment.wire) >= progressOf(best.wire)) best = payment;
  }
  return best;
};

const toPaymentDetails = (payment: NowpaymentsPayment): PaymentDetails | null => {
  const currency = payCurrencyOf(payment);
  return currency === null
    ? null
    : {
        currency,
        amount: payment.pay_amount ?? null,
        address: textOrNull(payment.pay_address),
        tag: textOrNull(payment.payin_extra_id),
        network: textOrNull(payment.network),
      };
};

const priceOf = (payment: NowpaymentsPayment): Money | null => {
  const amount = payment.price_amount ?? null;
  const currency = textOrNull(payment.price_currency);
  return amount === null || currency === null ? null : { amount, currency: canonicalCurrency(currency) };
};

/**
 * Builds the canonical invoice `ref` names from the payments listed for it: status, price and pay-in
 * from its own most advanced payment (repeated deposits never decide it). No payment yet is `NotFound`:
 * NOWPayments documents no way to read an invoice itself.
 */
export const invoiceFromPayments =
  (config: NowpaymentsConfig, ref: { readonly id: string; readonly orderId: string | null }) =>
  (page: WithRaw<NowpaymentsPaymentPage>): E.Either<InvoiceError, Invoice> => {
    const payments = page.wire.data.map((wire, i) => ({
      wire,
      raw: (page.raw as { data: unknown[] }).data[i],
    }));
    const primary = primaryPayment(payments);
    if (primary === null) {
      const error = notFound('nowpayments', 200, ref.id);
      return E.left({
        ...error,
        message: `nowpayments has no payment for invoice ${ref.id} yet: an invoice can only be read through its payments, and none exists until the customer picks a currency on the invoice page`,
      });
    }
    const price = priceOf(primary.wire);
    if (price === null) {
      return E.left(
        unexpectedResponse(
          'nowpayments',
          200,
          [{ path: 'data', message: 'the payment states no price' }],
          '',
        ),
      );
    }
    const { status, failureReason } = paymentStatus(primary.wire);
    const { received, remaining } = amountsOf(primary.wire);
    return E.right({
      provider: 'nowpayments',
      id: ref.id,
      orderId: orderIdOf(primary.wire) ?? ref.orderId,
      customerReference: null,
      status,
      failureReason,
      providerStatus: primary.wire.payment_status,
      paymentUrl: `${NOWPAYMENTS_INVOICE_PAGES[config.environment]}${ref.id}`,
      title: textOrNull(primary.wire.order_description),
      price,
      payment: toPaymentDetails(primary.wire),
      received,
      remaining,
      createdAt: null,
      expiresAt: null,
      testMode: config.testMode,
      raw: { payments: payments.map(({ raw }) => raw) },
    });
  };

/** One payment of the payment list in canonical terms. */
export interface NowpaymentsPaymentSummary {
  readonly paymentId: string;
  readonly invoiceId: string | null;
  readonly parentPaymentId: string | null;
  readonly orderId: string | null;
  readonly status: Invoice['status'];
  readonly providerStatus: string;
  readonly price: Money | null;
  readonly payment: PaymentDetails | null;
  readonly received: Money | null;
  readonly remaining: Money | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;
  readonly raw: unknown;
}

/** Maps one listed payment to its summary. */
export const toPaymentSummary = ({ wire, raw }: WithRaw<NowpaymentsPayment>): NowpaymentsPaymentSummary => ({
  paymentId: wire.payment_id,
  invoiceId: wire.invoice_id ?? null,
  parentPaymentId: wire.parent_payment_id ?? null,
  orderId: orderIdOf(wire),
  status: paymentStatus(wire).status,
  providerStatus: wire.payment_status,
  price: priceOf(wire),
  payment: toPaymentDetails(wire),
  ...amountsOf(wire),
  createdAt: dateOrNull(wire.created_at),
  updatedAt: dateOrNull(wire.updated_at),
  raw,
});
