import * as t from 'io-ts';
import { Decimal } from './decimal';
import { ProviderId } from './ids';

/** An ISO date-time string decoded to a `Date`, encoded back to the same string form. */
export const DateFromISOString = new t.Type<Date, string, unknown>(
  'DateFromISOString',
  (u): u is Date => u instanceof Date,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'must be an ISO date-time string');
    const d = new Date(u);
    return Number.isNaN(d.getTime()) ? t.failure(u, c, 'must be an ISO date-time string') : t.success(d);
  },
  (d) => d.toISOString(),
);

/** An amount of money in one currency. */
export const Money = t.type({ amount: Decimal, currency: t.string }, 'Money');
/** An amount of money in one currency. */
export type Money = t.TypeOf<typeof Money>;

/** Canonical invoice status, the same for every provider. */
export const InvoiceStatus = t.keyof(
  {
    created: null,
    pending: null,
    processing: null,
    partially_paid: null,
    held: null,
    paid: null,
    overpaid: null,
    expired: null,
    cancelled: null,
    failed: null,
    refunding: null,
    refunded: null,
    refund_failed: null,
    unknown: null,
  },
  'InvoiceStatus',
);
/** Canonical invoice status, the same for every provider. */
export type InvoiceStatus = t.TypeOf<typeof InvoiceStatus>;

/** Pay-in details once known: the currency and amount the customer pays and where to. */
export const PaymentDetails = t.type(
  {
    currency: t.string,
    amount: t.union([Decimal, t.null]),
    address: t.union([t.string, t.null]),
    tag: t.union([t.string, t.null]),
    network: t.union([t.string, t.null]),
  },
  'PaymentDetails',
);
/** Pay-in details once known. */
export type PaymentDetails = t.TypeOf<typeof PaymentDetails>;

/** Why a provider marked an invoice failed or expired. */
export const FailureReason = t.union(
  [t.keyof({ timer_expired: null, underpaid: null, processing_timeout: null, other: null }), t.null],
  'FailureReason',
);
/** Why a provider marked an invoice failed or expired. */
export type FailureReason = t.TypeOf<typeof FailureReason>;

/** A provider's invoice in canonical form. */
export const Invoice = t.type(
  {
    provider: ProviderId,
    id: t.string,
    orderId: t.union([t.string, t.null]),
    customerReference: t.union([t.string, t.null]),
    status: InvoiceStatus,
    providerStatus: t.string,
    failureReason: FailureReason,
    paymentUrl: t.string,
    title: t.union([t.string, t.null]),
    price: Money,
    payment: t.union([PaymentDetails, t.null]),
    received: t.union([Money, t.null]),
    remaining: t.union([Money, t.null]),
    createdAt: t.union([DateFromISOString, t.null]),
    expiresAt: t.union([DateFromISOString, t.null]),
    testMode: t.boolean,
    raw: t.unknown,
  },
  'Invoice',
);
/**
 * A provider's invoice in canonical form. `received` is what the provider reports as paid so far and
 * `remaining` what it reports still owed, each in the currency it names; null where it reports none.
 */
export type Invoice = t.TypeOf<typeof Invoice>;

/** One blockchain or internal transaction reported with a webhook. */
export const EventTransaction = t.type(
  {
    id: t.union([t.string, t.null]),
    txid: t.union([t.string, t.null]),
    currency: t.string,
    amount: Decimal,
    confirmations: t.union([t.number, t.null]),
  },
  'EventTransaction',
);
/** One blockchain or internal transaction reported with a webhook. */
export type EventTransaction = t.TypeOf<typeof EventTransaction>;

/** A verified, normalized webhook about one invoice. */
export const InvoiceEvent = t.type(
  {
    provider: ProviderId,
    invoiceId: t.string,
    orderId: t.union([t.string, t.null]),
    status: InvoiceStatus,
    providerStatus: t.string,
    failureReason: FailureReason,
    received: t.union([Money, t.null]),
    remaining: t.union([Money, t.null]),
    transactions: t.array(EventTransaction),
    dedupeKey: t.string,
    confirmed: t.boolean,
    testMode: t.boolean,
    raw: t.unknown,
  },
  'InvoiceEvent',
);
/**
 * A verified, normalized webhook about one invoice. `confirmed` is true when every field came from
 * a signed body or from the provider's API, false when unsigned body fields were taken as sent.
 */
export type InvoiceEvent = t.TypeOf<typeof InvoiceEvent>;

/** What a merchant stored from `createInvoice` (an `Invoice` fits), or the provider's invoice id alone. */
export type InvoiceRef = string | { readonly id: string; readonly orderId: string | null };

/** A cancellation the provider accepted, with the invoice as the provider reports it afterwards when it can. */
export const InvoiceCancellation = t.type(
  {
    provider: ProviderId,
    id: t.string,
    orderId: t.union([t.string, t.null]),
    invoice: t.union([Invoice, t.null]),
  },
  'InvoiceCancellation',
);
/** A cancellation the provider accepted; `invoice` is null when it could not be read back. */
export type InvoiceCancellation = t.TypeOf<typeof InvoiceCancellation>;

/** What a provider supports, known before any call. */
export const ProviderCapabilities = t.type(
  {
    operations: t.type({
      createInvoice: t.boolean,
      getInvoice: t.boolean,
      cancelInvoice: t.boolean,
      listInvoices: t.boolean,
    }),
    requiredFields: t.array(t.string),
    unsupportedFields: t.array(t.string),
    ignoredFields: t.array(t.string),
    expiresInMinutes: t.union([t.literal('any'), t.array(t.number)]),
    amountFractionDigits: t.type({ max: t.number, source: t.string }),
    rejectsDuplicateOrders: t.boolean,
  },
  'ProviderCapabilities',
);
/**
 * What a provider supports: its operations, the canonical request fields it requires beyond the
 * core ones, fields it refuses (`Unsupported`/`InvalidRequest`), hints it ignores, the invoice
 * lifetimes it accepts, how many fraction digits an amount may have (with where that limit comes from),
 * and whether it refuses a second invoice for the same orderId (then a create whose outcome is
 * unknown can be sent again safely).
 */
export type ProviderCapabilities = t.TypeOf<typeof ProviderCapabilities>;
