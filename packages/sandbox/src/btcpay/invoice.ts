import type { PaymentKind, SandboxInvoiceState } from '../types';
import Big from 'big.js';
import { add, cmp, convert, demoAddress, demoTxid, half, randomText, remainder, scale } from '../rates';
import { BTC_DECIMALS, BTCPAY_PAY_CURRENCY } from './settings';
import type { BtcpayCreate } from './validate';

/** `InvoiceStatus`. */
export type BtcpayStatus = 'New' | 'Processing' | 'Settled' | 'Expired' | 'Invalid';

/** `InvoiceAdditionalStatus`. */
export type BtcpayAdditionalStatus = 'None' | 'PaidPartial' | 'PaidOver' | 'PaidLate' | 'Marked' | 'Invalid';

/** One payment to the invoice's on-chain destination. */
export interface BtcpayPayment {
  /** `<txid>-<vout>`, as BTCPay writes on-chain payment ids. */
  readonly id: string;
  readonly receivedAt: number;
  readonly value: string;
  /** `Processing` until it has the speed policy's confirmations, then `Settled`. */
  readonly status: 'Processing' | 'Settled';
}

/** The sandbox's record of a BTCPay invoice. */
export interface BtcpayInvoiceRecord {
  readonly id: string;
  readonly storeId: string;
  readonly request: BtcpayCreate;
  readonly checkoutLink: string;
  /** What the customer owes in BTC (the `BTC-CHAIN` method's `amount`). */
  readonly due: string;
  /** Invoice currency per BTC. */
  readonly rate: string;
  readonly destination: string;
  readonly lightning: string;
  readonly payments: ReadonlyArray<BtcpayPayment>;
  readonly status: BtcpayStatus;
  readonly additionalStatus: BtcpayAdditionalStatus;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly monitoringUntil: number;
}

/** A webhook event type with its type-specific fields, in the order Newtonsoft writes them. */
export interface BtcpayEventDraft {
  readonly type: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** A 22-character id like BTCPay's (`HMprBnL9BTXWuPvpoKBS6e`). */
export const btcpayId = (): string => randomText(BASE58, 22);

const seconds = (ms: number): number => Math.floor(ms / 1000);

const paidBtc = (inv: BtcpayInvoiceRecord): string =>
  inv.payments.reduce((sum, p) => add(sum, p.value, BTC_DECIMALS), '0');

/** A new invoice for a validated create request, priced at the sandbox's demo rate. */
export const newBtcpayInvoice = (
  request: BtcpayCreate,
  ids: { readonly id: string; readonly storeId: string; readonly checkoutLink: string },
  now: number,
): BtcpayInvoiceRecord => {
  const due = convert(request.amount, request.currency, BTCPAY_PAY_CURRENCY, BTC_DECIMALS);
  const expiresAt = now + Math.round(request.expirationMinutes * 60_000);
  return {
    ...ids,
    request,
    due,
    rate: convert('1', BTCPAY_PAY_CURRENCY, request.currency, 2),
    destination: demoAddress('BTC'),
    lightning: `lntb${randomText('023456789acdefghjklmnpqrstuvwxyz', 60)}`,
    payments: [],
    status: 'New',
    additionalStatus: 'None',
    createdAt: now,
    expiresAt,
    monitoringUntil: expiresAt + Math.round(request.monitoringMinutes * 60_000),
  };
};

const decimalsOf = (amount: string): number => amount.split('.')[1]?.length ?? 0;

/** `paidAmount`: the BTC paid, in the invoice currency at the invoice's rate (exactly the amount once paid in full). */
export const paidAmount = (inv: BtcpayInvoiceRecord): string => {
  const paid = paidBtc(inv);
  const dp = Math.max(2, decimalsOf(inv.request.amount));
  // Rounded to the nearest cent like a converted amount, not down: half of 100.00 EUR is 50.00.
  return cmp(paid, inv.due) === 0
    ? add(inv.request.amount, '0', dp)
    : new Big(inv.request.amount).times(paid).div(inv.due).toFixed(dp);
};

/** True while a payment is still taken: New, or Expired within the monitoring window (a late payment). */
export const btcpayTakesPayment = (inv: BtcpayInvoiceRecord, now: number): boolean =>
  inv.status === 'New' || (inv.status === 'Expired' && now < inv.monitoringUntil);

/** True while the expiry timer can still end the invoice. */
export const btcpayIsOpen = (inv: BtcpayInvoiceRecord): boolean => inv.status === 'New';

/** A state of the invoice and the events BTCPay sends once it is saved. */
export interface BtcpayStep {
  readonly invoice: BtcpayInvoiceRecord;
  readonly events: ReadonlyArray<BtcpayEventDraft>;
}

const paymentEvent = (
  type: 'InvoiceReceivedPayment' | 'InvoicePaymentSettled',
  payment: BtcpayPayment,
  destination: string,
  afterExpiration: boolean,
): BtcpayEventDraft => ({
  type,
  fields: {
    afterExpiration,
    paymentMethodId: 'BTC-CHAIN',
    payment: {
      id: payment.id,
      receivedDate: seconds(payment.receivedAt),
      value: payment.value,
      fee: '0.00000000',
      status: payment.status,
      destination,
    },
  },
});

/**
 * The states the invoice goes through after the customer pays `kind` of what is still owed, each
 * with the events BTCPay sends for it, in its order: the payment is first seen unconfirmed
 * (InvoiceReceivedPayment; on a New invoice paid in full or more the invoice turns Processing,
 * InvoiceProcessing), then, unless `unconfirmed`, it confirms (InvoicePaymentSettled; Settled,
 * InvoiceSettled). A part payment leaves a New invoice New/PaidPartial; on an expired invoice the
 * payment is late (`afterExpiration`): Expired/PaidLate once covered, Expired/PaidPartial before.
 */
export const btcpayPaid = (
  open: BtcpayInvoiceRecord,
  kind: PaymentKind,
  now: number,
): ReadonlyArray<BtcpayStep> => {
  const owed = remainder(open.due, paidBtc(open), BTC_DECIMALS);
  const value =
    kind === 'partial'
      ? half(owed, BTC_DECIMALS)
      : kind === 'over'
        ? add(owed, scale(open.due, '0.1', BTC_DECIMALS), BTC_DECIMALS)
        : owed;
  const seen: BtcpayPayment = { id: `${demoTxid()}-0`, receivedAt: now, value, status: 'Processing' };
  const confirmed: BtcpayPayment = { ...seen, status: 'Settled' };
  const order = cmp(add(paidBtc(open), value, BTC_DECIMALS), open.due);
  const late = open.status === 'Expired';
  const received = paymentEvent('InvoiceReceivedPayment', seen, open.destination, late);
  const settled = paymentEvent('InvoicePaymentSettled', confirmed, open.destination, late);
  const withPayment = (payment: BtcpayPayment) => ({ ...open, payments: [...open.payments, payment] });
  const covered = !late && order >= 0;
  const overPaid = order > 0;
  const additionalStatus: BtcpayAdditionalStatus =
    order < 0 ? 'PaidPartial' : late ? 'PaidLate' : overPaid ? 'PaidOver' : 'None';
  const status: BtcpayStatus = covered ? 'Processing' : open.status;
  const first: BtcpayStep = {
    invoice: { ...withPayment(seen), status, additionalStatus },
    events: covered ? [received, { type: 'InvoiceProcessing', fields: { overPaid } }] : [received],
  };
  if (kind === 'unconfirmed') return [first];
  return [
    first,
    {
      invoice: { ...withPayment(confirmed), status: covered ? 'Settled' : status, additionalStatus },
      events: covered
        ? [settled, { type: 'InvoiceSettled', fields: { manuallyMarked: false, overPaid } }]
        : [settled],
    },
  ];
};

/** The expired state (InvoiceExpired, `partiallyPaid` when a part payment arrived). */
export const btcpayExpired = (inv: BtcpayInvoiceRecord): BtcpayStep => {
  const partiallyPaid = inv.additionalStatus === 'PaidPartial';
  return {
    invoice: { ...inv, status: 'Expired', additionalStatus: partiallyPaid ? 'PaidPartial' : 'None' },
    events: [{ type: 'InvoiceExpired', fields: { partiallyPaid } }],
  };
};

/** A Processing invoice whose payment did not confirm before monitoring ended: Invalid, not manually marked. */
export const btcpayUnconfirmedTooLong = (inv: BtcpayInvoiceRecord): BtcpayStep => ({
  invoice: { ...inv, status: 'Invalid', additionalStatus: 'None' },
  events: [{ type: 'InvoiceInvalid', fields: { manuallyMarked: false } }],
});

/** Whether the merchant may mark it Invalid (InvoiceState.CanMarkInvalid: New, Processing or Expired, or Marked and not Invalid). */
export const btcpayCanMarkInvalid = (inv: BtcpayInvoiceRecord): boolean =>
  inv.status === 'New' ||
  inv.status === 'Processing' ||
  inv.status === 'Expired' ||
  (inv.status !== 'Invalid' && inv.additionalStatus === 'Marked');

/** Marked invalid by the merchant (InvoiceInvalid with `manuallyMarked: true`). */
export const btcpayMarkedInvalid = (inv: BtcpayInvoiceRecord): BtcpayStep => ({
  invoice: { ...inv, status: 'Invalid', additionalStatus: 'Marked' },
  events: [{ type: 'InvoiceInvalid', fields: { manuallyMarked: true } }],
});

const manualMarking = (inv: BtcpayInvoiceRecord): BtcpayStatus[] =>
  btcpayCanMarkInvalid(inv) ? ['Settled', 'Invalid'] : inv.status === 'Settled' ? [] : ['Settled'];

/** `InvoiceData` as BTCPay answers it; every amount a decimal string, every time Unix seconds. */
export const btcpayInvoiceData = (inv: BtcpayInvoiceRecord) => ({
  id: inv.id,
  storeId: inv.storeId,
  amount: inv.request.amount,
  paidAmount: paidAmount(inv),
  currency: inv.request.currency,
  type: 'Standard',
  checkoutLink: inv.checkoutLink,
  createdTime: seconds(inv.createdAt),
  expirationTime: seconds(inv.expiresAt),
  monitoringExpiration: seconds(inv.monitoringUntil),
  status: inv.status,
  additionalStatus: inv.additionalStatus,
  availableStatusesForManualMarking: manualMarking(inv),
  archived: false,
  metadata: inv.request.metadata,
  checkout: {
    speedPolicy: inv.request.speedPolicy,
    paymentMethods: ['BTC-CHAIN', 'BTC-LN'],
    defaultPaymentMethod: 'BTC-CHAIN',
    lazyPaymentMethods: false,
    expirationMinutes: inv.request.expirationMinutes,
    monitoringMinutes: inv.request.monitoringMinutes,
    paymentTolerance: 0,
    redirectURL: inv.request.redirectURL,
    redirectAutomatically: false,
    defaultLanguage: null,
  },
  receipt: { enabled: true, showQR: null, showPayments: null },
});

/** The `due` of a payment method: what is left, negative when overpaid ("will be negative if overpaid"). */
const dueOf = (inv: BtcpayInvoiceRecord): string => {
  const paid = paidBtc(inv);
  return cmp(paid, inv.due) > 0
    ? `-${remainder(paid, inv.due, BTC_DECIMALS)}`
    : remainder(inv.due, paid, BTC_DECIMALS);
};

/** `InvoicePaymentMethodDataModel[]`: on-chain (where the sandbox's payments go) and Lightning. */
export const btcpayPaymentMethods = (inv: BtcpayInvoiceRecord) => {
  const paid = paidBtc(inv);
  const common = {
    currency: BTCPAY_PAY_CURRENCY,
    rate: inv.rate,
    totalPaid: paid,
    due: dueOf(inv),
    amount: inv.due,
  };
  return [
    {
      paymentMethodId: 'BTC-CHAIN',
      ...common,
      destination: inv.destination,
      paymentLink: `bitcoin:${inv.destination}?amount=${inv.due}`,
      paymentMethodPaid: paid,
      paymentMethodFee: '0.00000000',
      payments: inv.payments.map((p) => ({
        id: p.id,
        receivedDate: seconds(p.receivedAt),
        value: p.value,
        fee: '0.00000000',
        status: p.status,
        destination: inv.destination,
      })),
      activated: true,
      additionalData: { keyPath: '0/0', payjoinEnabled: false },
    },
    {
      paymentMethodId: 'BTC-LN',
      ...common,
      destination: inv.lightning,
      paymentLink: `lightning:${inv.lightning}`,
      paymentMethodPaid: '0.00000000',
      paymentMethodFee: '0.00000000',
      payments: [],
      activated: true,
      additionalData: {},
    },
  ];
};

/** The provider-neutral snapshot of an invoice; `status` is BTCPay's own `status`. */
export const btcpayState = (inv: BtcpayInvoiceRecord): SandboxInvoiceState => {
  const paid = paidBtc(inv);
  return {
    provider: 'btcpay',
    id: inv.id,
    orderId: typeof inv.request.metadata.orderId === 'string' ? inv.request.metadata.orderId : null,
    status: inv.status,
    url: inv.checkoutLink,
    price: { amount: inv.request.amount, currency: inv.request.currency },
    payment: {
      currency: BTCPAY_PAY_CURRENCY,
      amount: inv.due,
      paid: add(paid, '0', BTC_DECIMALS),
      remaining: remainder(inv.due, paid, BTC_DECIMALS),
      address: inv.destination,
      tag: null,
    },
    allowsPartialPayment: true,
    createdAt: new Date(inv.createdAt).toISOString(),
    expiresAt: new Date(inv.expiresAt).toISOString(),
    // `checkout.redirectURL` ("You can use placeholders {InvoiceId} or {OrderId}"); `redirectAutomatically`
    // defaults to the store's setting, false: the checkout shows a "return to store" button.
    returnUrls: {
      success:
        inv.request.redirectURL
          ?.replaceAll('{InvoiceId}', inv.id)
          .replaceAll('{OrderId}', String(inv.request.metadata.orderId ?? '')) ?? null,
      failure: null,
      back: null,
      automatic: false,
    },
  };
};
