import Big from 'big.js';
import type { Decimal, EventTransaction, Invoice, Money, PaymentDetails } from '@invoicekit/core';
import { canonicalDecimal, textOrNull, type WithRaw } from '@invoicekit/core/adapter';
import {
  metadataOrderId,
  type BtcpayInvoice,
  type BtcpayInvoiceList,
  type BtcpayPaymentMethod,
  type BtcpayPaymentMethods,
} from './codecs';
import { providerStatusOf, toStatusMeaning } from './status';

/** What the customer has paid and still owes, as BTCPay reports them; null where it does not say. */
export interface Amounts {
  readonly received: Money | null;
  readonly remaining: Money | null;
}

const ZERO = '0' as Decimal;

const paidOf = (method: BtcpayPaymentMethod): Big => new Big(method.paymentMethodPaid ?? ZERO);

/**
 * The payment method the customer used: the one with the most paid through it, else the first
 * activated one, else the first; null when BTCPay listed none.
 */
export const mainPaymentMethod = (methods: BtcpayPaymentMethods | null): BtcpayPaymentMethod | null => {
  if (methods === null || methods.length === 0) return null;
  const paid = methods.filter((m) => paidOf(m).gt(0));
  if (paid.length > 0) return paid.reduce((best, m) => (paidOf(m).gt(paidOf(best)) ? m : best));
  return methods.find((m) => m.activated !== false) ?? methods[0]!;
};

const DUE = /^-?\d+(\.\d+)?$/;

// `due` "will be negative if overpaid": nothing is owed then.
const owed = (due: string | null | undefined): Decimal | null =>
  typeof due === 'string' && DUE.test(due.trim())
    ? due.trim().startsWith('-')
      ? ZERO
      : canonicalDecimal(due.trim())
    : null;

const remainingInInvoiceCurrency = (wire: BtcpayInvoice): Money | null => {
  if (wire.paidAmount === undefined || wire.paidAmount === null) return null;
  const left = new Big(wire.amount).minus(wire.paidAmount);
  return { amount: left.gt(0) ? canonicalDecimal(left.toFixed()) : ZERO, currency: wire.currency };
};

/**
 * The one place amounts are read. `received` is `paidAmount` in the invoice currency ("The actual
 * amount paid by the customer/buyer."), comparable with the price; `remaining` is the main payment
 * method's `due` in its currency (what the customer still sends), else what the invoice currency
 * leaves unpaid.
 */
export const amountsOf = (wire: BtcpayInvoice, methods: BtcpayPaymentMethods | null): Amounts => {
  const paid = wire.paidAmount ?? null;
  const method = mainPaymentMethod(methods);
  const due = method === null ? null : owed(method.due);
  return {
    received: paid === null ? null : { amount: paid, currency: wire.currency },
    remaining:
      method !== null && due !== null
        ? { amount: due, currency: method.currency }
        : remainingInInvoiceCurrency(wire),
  };
};

/** Every payment BTCPay lists on the invoice's payment methods, in the method's currency. */
export const transactionsOf = (methods: BtcpayPaymentMethods | null): EventTransaction[] =>
  (methods ?? []).flatMap((method) =>
    (method.payments ?? []).map((payment) => ({
      id: payment.id ?? null,
      // On-chain payment ids are `<txid>-<vout>`.
      txid: method.paymentMethodId.endsWith('-CHAIN') ? (payment.id?.split('-')[0] ?? null) : null,
      currency: method.currency,
      amount: payment.value,
      confirmations: null,
    })),
  );

const toPayment = (method: BtcpayPaymentMethod): PaymentDetails => ({
  currency: method.currency,
  amount: method.amount ?? null,
  address: textOrNull(method.destination),
  tag: null,
  network: method.paymentMethodId,
});

/** The order id an invoice names in `metadata.orderId`, if any. */
export const orderIdOf = (wire: BtcpayInvoice): string | null => metadataOrderId(wire.metadata);

/**
 * Maps `InvoiceData` (and, when read, its payment methods) to the canonical invoice; `fallbackOrderId`
 * fills a missing `metadata.orderId`; `received`/`remaining` come from `amountsOf`, as in events.
 * BTCPay has no per-invoice test flag: `testMode` is the configured environment's.
 */
export const toInvoice =
  (testMode: boolean, fallbackOrderId: string | null, methods: WithRaw<BtcpayPaymentMethods> | null = null) =>
  ({ wire, raw }: WithRaw<BtcpayInvoice>): Invoice => {
    const additional = wire.additionalStatus ?? null;
    const method = mainPaymentMethod(methods?.wire ?? null);
    const { received, remaining } = amountsOf(wire, methods?.wire ?? null);
    const { status, failureReason } = toStatusMeaning(wire.status, additional);
    return {
      provider: 'btcpay',
      id: wire.id,
      orderId: orderIdOf(wire) ?? fallbackOrderId,
      customerReference: null,
      status,
      failureReason,
      providerStatus: providerStatusOf(wire.status, additional),
      paymentUrl: textOrNull(wire.checkoutLink) ?? '',
      title: null,
      price: { amount: wire.amount, currency: wire.currency },
      payment: method === null ? null : toPayment(method),
      received,
      remaining,
      createdAt: wire.createdTime ?? null,
      expiresAt: wire.expirationTime ?? null,
      testMode,
      raw: methods === null ? raw : { invoice: raw, paymentMethods: methods.raw },
    };
  };

/** The invoice of a list answer that names `orderId` exactly; BTCPay's filter is an index lookup, so check it. */
export const withOrderId =
  (orderId: string) =>
  (list: BtcpayInvoiceList): BtcpayInvoiceList =>
    list.filter(({ wire }) => orderIdOf(wire) === orderId);
