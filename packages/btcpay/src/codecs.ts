import * as t from 'io-ts';
import { Decimal } from '@invoicekit/core';
import {
  isRecord,
  nullable,
  textOrNull,
  withRaw,
  WireDecimalNumber,
  WireUnixSeconds,
} from '@invoicekit/core/adapter';

const INVOICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** True for an invoice id as BTCPay writes it (`HMprBnL9BTXWuPvpoKBS6e`): letters, digits, `-` and `_`. */
export const isInvoiceId = (u: unknown): u is string => typeof u === 'string' && INVOICE_ID.test(u);

/** An invoice id as BTCPay writes it; anything that could change the request path is refused. */
export const BtcpayInvoiceId = new t.Type<string, string, unknown>(
  'BtcpayInvoiceId',
  isInvoiceId,
  (u, c) =>
    isInvoiceId(u) ? t.success(u) : t.failure(u, c, 'must be an invoice id like HMprBnL9BTXWuPvpoKBS6e'),
  t.identity,
);

/** `metadata`: free JSON; only `orderId` is read ("This property is indexed"). */
export const BtcpayMetadata = t.partial({ orderId: nullable(t.unknown) }, 'BtcpayMetadata');
/** `metadata`. */
export type BtcpayMetadata = t.TypeOf<typeof BtcpayMetadata>;

/** The order id in `metadata`, if it is text (BTCPay keeps any JSON there). */
export const metadataOrderId = (metadata: unknown): string | null =>
  isRecord(metadata) ? textOrNull(metadata.orderId) : null;

/**
 * `InvoiceData`, the fields invoicekit reads: strict on the id, the statuses and every amount
 * (decimal strings, `format: decimal`); lenient about the rest.
 */
export const BtcpayInvoice = t.intersection(
  [
    t.type({
      id: BtcpayInvoiceId,
      status: t.string,
      amount: WireDecimalNumber,
      currency: t.string,
    }),
    t.partial({
      storeId: nullable(t.string),
      paidAmount: nullable(WireDecimalNumber),
      additionalStatus: nullable(t.string),
      type: nullable(t.string),
      checkoutLink: nullable(t.string),
      createdTime: nullable(WireUnixSeconds),
      expirationTime: nullable(WireUnixSeconds),
      monitoringExpiration: nullable(WireUnixSeconds),
      archived: nullable(t.boolean),
      metadata: nullable(t.unknown),
    }),
  ],
  'BtcpayInvoice',
);
/** `InvoiceData`. */
export type BtcpayInvoice = t.TypeOf<typeof BtcpayInvoice>;

/** One `InvoiceData`, kept as sent for `raw`. */
export const BtcpayInvoiceAnswer = withRaw(BtcpayInvoice);
/** One `InvoiceData` with its raw form. */
export type BtcpayInvoiceAnswer = t.TypeOf<typeof BtcpayInvoiceAnswer>;

/** `InvoiceDataList`: a bare array (no count, no cursor). */
export const BtcpayInvoiceList = t.array(withRaw(BtcpayInvoice), 'BtcpayInvoiceList');
/** `InvoiceDataList`. */
export type BtcpayInvoiceList = t.TypeOf<typeof BtcpayInvoiceList>;

/** `Payment`: one payment made with a payment method. */
export const BtcpayPayment = t.intersection(
  [
    t.type({ value: WireDecimalNumber }),
    t.partial({
      id: nullable(t.string),
      receivedDate: nullable(WireUnixSeconds),
      fee: nullable(WireDecimalNumber),
      status: nullable(t.string),
      destination: nullable(t.string),
    }),
  ],
  'BtcpayPayment',
);
/** `Payment`. */
export type BtcpayPayment = t.TypeOf<typeof BtcpayPayment>;

/** `InvoicePaymentMethodDataModel`: amounts in the method's currency; `due` "will be negative if overpaid". */
export const BtcpayPaymentMethod = t.intersection(
  [
    t.type({ paymentMethodId: t.string, currency: t.string }),
    t.partial({
      destination: nullable(t.string),
      paymentLink: nullable(t.string),
      rate: nullable(WireDecimalNumber),
      paymentMethodPaid: nullable(WireDecimalNumber),
      totalPaid: nullable(WireDecimalNumber),
      due: nullable(t.string),
      amount: nullable(WireDecimalNumber),
      payments: nullable(t.array(BtcpayPayment)),
      activated: nullable(t.boolean),
    }),
  ],
  'BtcpayPaymentMethod',
);
/** `InvoicePaymentMethodDataModel`. */
export type BtcpayPaymentMethod = t.TypeOf<typeof BtcpayPaymentMethod>;

/** The answer of `GET …/payment-methods`. */
export const BtcpayPaymentMethods = t.array(BtcpayPaymentMethod, 'BtcpayPaymentMethods');
/** The answer of `GET …/payment-methods`. */
export type BtcpayPaymentMethods = t.TypeOf<typeof BtcpayPaymentMethods>;

/** `ProblemDetails` (`{code, message}`), e.g. `invoice-not-found`, `unauthenticated`, `missing-permission`. */
export const BtcpayProblem = t.intersection(
  [
    t.type({ code: t.string }),
    t.partial({ message: nullable(t.string), missingPermission: nullable(t.string) }),
  ],
  'BtcpayProblem',
);
/** `ProblemDetails`. */
export type BtcpayProblem = t.TypeOf<typeof BtcpayProblem>;

/** `ValidationProblemDetails`: "An array of validation errors of the request", each `{path, message}`. */
export const BtcpayValidationProblems = t.array(
  t.type({ path: nullable(t.string), message: t.string }),
  'BtcpayValidationProblems',
);
/** `ValidationProblemDetails`. */
export type BtcpayValidationProblems = t.TypeOf<typeof BtcpayValidationProblems>;

/** `CheckoutOptions` invoicekit fills. */
export const BtcpayCheckoutOptions = t.exact(
  t.partial({ expirationMinutes: t.number, paymentMethods: t.array(t.string), redirectURL: t.string }),
  'BtcpayCheckoutOptions',
);
/** `CheckoutOptions` invoicekit fills. */
export type BtcpayCheckoutOptions = t.TypeOf<typeof BtcpayCheckoutOptions>;

/** `InvoiceMetadata` invoicekit fills: the indexed `orderId`, `itemDesc` shown at checkout, `buyerEmail`. */
export const BtcpayRequestMetadata = t.exact(
  t.intersection([t.type({ orderId: t.string }), t.partial({ itemDesc: t.string, buyerEmail: t.string })]),
  'BtcpayRequestMetadata',
);
/** `InvoiceMetadata` invoicekit fills. */
export type BtcpayRequestMetadata = t.TypeOf<typeof BtcpayRequestMetadata>;

/** The body of `POST /api/v1/stores/{storeId}/invoices` (`CreateInvoiceRequest`); `amount` is a decimal string. */
export const BtcpayCreateRequest = t.exact(
  t.intersection([
    t.type({ amount: Decimal, currency: t.string, metadata: BtcpayRequestMetadata }),
    t.partial({ checkout: BtcpayCheckoutOptions }),
  ]),
  'BtcpayCreateRequest',
);
/** `CreateInvoiceRequest` as invoicekit sends it. */
export type BtcpayCreateRequest = t.TypeOf<typeof BtcpayCreateRequest>;

/** The body of `POST …/invoices/{invoiceId}/status` (`MarkInvoiceStatusRequest`). */
export const BtcpayMarkStatusRequest = t.strict(
  { status: t.keyof({ Invalid: null, Settled: null }) },
  'BtcpayMarkStatusRequest',
);
/** `MarkInvoiceStatusRequest`. */
export type BtcpayMarkStatusRequest = t.TypeOf<typeof BtcpayMarkStatusRequest>;

/** `WebhookEvent`: the fields every delivery has (`orignalDeliveryId` is the typo old servers stored). */
export const BtcpayWebhookEvent = t.intersection(
  [
    t.type({ type: t.string }),
    t.partial({
      deliveryId: nullable(t.string),
      webhookId: nullable(t.string),
      originalDeliveryId: nullable(t.string),
      orignalDeliveryId: nullable(t.string),
      isRedelivery: nullable(t.boolean),
      timestamp: nullable(t.unknown),
      storeId: nullable(t.string),
    }),
  ],
  'BtcpayWebhookEvent',
);
/** `WebhookEvent`. */
export type BtcpayWebhookEvent = t.TypeOf<typeof BtcpayWebhookEvent>;

/** `WebhookInvoiceEvent` and its per-type flags (`afterExpiration`, `manuallyMarked`, `overPaid`, `partiallyPaid`). */
export const BtcpayInvoiceWebhook = t.intersection(
  [
    BtcpayWebhookEvent,
    t.type({ invoiceId: BtcpayInvoiceId }),
    t.partial({
      metadata: nullable(t.unknown),
      afterExpiration: nullable(t.boolean),
      manuallyMarked: nullable(t.boolean),
      overPaid: nullable(t.boolean),
      partiallyPaid: nullable(t.boolean),
      paymentMethodId: nullable(t.string),
      paymentMethod: nullable(t.string),
      payment: nullable(BtcpayPayment),
    }),
  ],
  'BtcpayInvoiceWebhook',
);
/** `WebhookInvoiceEvent`. */
export type BtcpayInvoiceWebhook = t.TypeOf<typeof BtcpayInvoiceWebhook>;
