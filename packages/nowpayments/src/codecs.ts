import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { Decimal } from '@invoicekit/core';
import {
  isLosslessNumber,
  nullable,
  wireNumber,
  WireDecimalNumber,
  WireId,
  WireInteger,
  type LosslessNumber,
} from '@invoicekit/core/adapter';

/** `codec`, or null when the value is absent, null or not what `codec` reads: for fields nothing relies on. */
const lenient = <C extends t.Mixed>(codec: C) =>
  new t.Type<t.TypeOf<C> | null, unknown, unknown>(
    `Lenient<${codec.name}>`,
    (u): u is t.TypeOf<C> | null => u === null || codec.is(u),
    (u, c) => {
      const decoded = codec.validate(u, c);
      return E.isRight(decoded) ? decoded : t.success(null);
    },
    t.identity,
  );

/** Text given as a string or a JSON number: NOWPayments sends ids as either (`"5745459419"`, `6249365965`). */
export const NowpaymentsText = t.union([t.string, WireId], 'NowpaymentsText');

/** A decimal written to the wire as a JSON number with exactly its digits. */
export const NowpaymentsWireAmount = new t.Type<Decimal, LosslessNumber, unknown>(
  'NowpaymentsWireAmount',
  Decimal.is,
  (u, c) => (isLosslessNumber(u) ? Decimal.validate(u.value, c) : Decimal.validate(u, c)),
  wireNumber,
);

/** The body of `POST /v1/invoice`, as the create-invoice request fields and example document it. */
export const NowpaymentsInvoiceRequest = t.exact(
  t.intersection([
    t.type({
      price_amount: NowpaymentsWireAmount,
      price_currency: t.string,
      order_id: t.string,
    }),
    t.partial({
      pay_currency: t.string,
      ipn_callback_url: t.string,
      order_description: t.string,
      success_url: t.string,
      cancel_url: t.string,
      partially_paid_url: t.string,
      is_fixed_rate: t.boolean,
      is_fee_paid_by_user: t.boolean,
    }),
  ]),
  'NowpaymentsInvoiceRequest',
);
/** The body of `POST /v1/invoice`. */
export type NowpaymentsInvoiceRequest = t.TypeOf<typeof NowpaymentsInvoiceRequest>;

/** The body of `POST /v1/auth`: the dashboard e-mail and password, case-sensitive. */
export const NowpaymentsAuthRequest = t.strict(
  { email: t.string, password: t.string },
  'NowpaymentsAuthRequest',
);
/** The body of `POST /v1/auth`. */
export type NowpaymentsAuthRequest = t.TypeOf<typeof NowpaymentsAuthRequest>;

/** The answer of `POST /v1/auth`: a JWT that lives 5 minutes. */
export const NowpaymentsAuthToken = t.type({ token: t.string }, 'NowpaymentsAuthToken');
/** The answer of `POST /v1/auth`. */
export type NowpaymentsAuthToken = t.TypeOf<typeof NowpaymentsAuthToken>;

/**
 * The answer of `POST /v1/invoice`: strict on `id`, the price and `invoice_url`; `price_amount` comes
 * back as a string (`"1000"`) where the request sent a number.
 */
export const NowpaymentsInvoice = t.intersection(
  [
    t.type({
      id: WireId,
      price_amount: WireDecimalNumber,
      price_currency: t.string,
      invoice_url: t.string,
    }),
    t.partial({
      order_id: nullable(NowpaymentsText),
      order_description: lenient(t.string),
      pay_currency: lenient(t.string),
      created_at: lenient(t.string),
      updated_at: lenient(t.string),
      is_fixed_rate: lenient(t.boolean),
      is_fee_paid_by_user: lenient(t.boolean),
    }),
  ],
  'NowpaymentsInvoice',
);
/** The answer of `POST /v1/invoice`. */
export type NowpaymentsInvoice = t.TypeOf<typeof NowpaymentsInvoice>;

/**
 * A payment as `GET /v1/payment/:id`, the payment list and IPNs report it: strict on the ids, the
 * status word and every amount; lenient (null) on the rest. `parent_payment_id` marks a repeated deposit.
 */
export const NowpaymentsPayment = t.intersection(
  [
    t.type({ payment_id: WireId, payment_status: t.string }),
    t.partial({
      invoice_id: nullable(WireId),
      parent_payment_id: nullable(WireId),
      origin_type: lenient(t.string),
      pay_address: lenient(t.string),
      payin_extra_id: lenient(NowpaymentsText),
      price_amount: nullable(WireDecimalNumber),
      price_currency: lenient(t.string),
      pay_amount: nullable(WireDecimalNumber),
      actually_paid: nullable(WireDecimalNumber),
      pay_currency: lenient(t.string),
      order_id: nullable(NowpaymentsText),
      order_description: lenient(t.string),
      purchase_id: nullable(WireId),
      outcome_amount: nullable(WireDecimalNumber),
      outcome_currency: lenient(t.string),
      payin_hash: lenient(t.string),
      network: lenient(t.string),
      created_at: lenient(t.string),
      updated_at: lenient(t.string),
      expiration_estimate_date: lenient(t.string),
      payment_extra_ids: lenient(t.array(WireId)),
    }),
  ],
  'NowpaymentsPayment',
);
/** A payment as NOWPayments reports it. */
export type NowpaymentsPayment = t.TypeOf<typeof NowpaymentsPayment>;

/** The answer of `GET /v1/payment/`: one page of payments, pages counted from 0. */
export const NowpaymentsPaymentPage = t.type(
  {
    data: t.array(NowpaymentsPayment),
    limit: WireInteger,
    page: WireInteger,
    pagesCount: WireInteger,
    total: WireInteger,
  },
  'NowpaymentsPaymentPage',
);
/** The answer of `GET /v1/payment/`. */
export type NowpaymentsPaymentPage = t.TypeOf<typeof NowpaymentsPaymentPage>;

/** The answer of `GET /v1/min-amount`: the minimum in `currency_from` and, when asked, its fiat equivalent. */
export const NowpaymentsMinAmount = t.intersection(
  [
    t.type({ min_amount: WireDecimalNumber }),
    t.partial({
      currency_from: lenient(t.string),
      currency_to: lenient(t.string),
      fiat_equivalent: nullable(WireDecimalNumber),
    }),
  ],
  'NowpaymentsMinAmount',
);
/** The answer of `GET /v1/min-amount`. */
export type NowpaymentsMinAmount = t.TypeOf<typeof NowpaymentsMinAmount>;

/** The only error body NOWPayments publishes: `{status: false, statusCode, code, message}`. */
export const NowpaymentsError = t.intersection(
  [
    t.type({ message: t.string }),
    t.partial({ status: lenient(t.boolean), statusCode: lenient(WireInteger), code: lenient(t.string) }),
  ],
  'NowpaymentsError',
);
/** The documented error body. */
export type NowpaymentsError = t.TypeOf<typeof NowpaymentsError>;
