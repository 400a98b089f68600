import * as t from 'io-ts';
import {
  isLosslessNumber,
  nullableFields,
  withRaw,
  WireDecimalString,
  WireId,
  WireUnixSeconds,
} from '@invoicekit/core/adapter';

/** A string that holds more than white space. */
export const CryptomusText = new t.Type<string, string, unknown>(
  'CryptomusText',
  (u): u is string => typeof u === 'string' && u.trim() !== '',
  (u, c) =>
    typeof u === 'string' && u.trim() !== '' ? t.success(u) : t.failure(u, c, 'must be a non-empty string'),
  t.identity,
);

const isStateZero = (u: unknown): boolean => u === 0 || (isLosslessNumber(u) && Number(u.value) === 0);

/** The envelope's `state`: 0 for success. */
export const CryptomusSuccessState = new t.Type<0, unknown, unknown>(
  'CryptomusSuccessState',
  (u): u is 0 => isStateZero(u),
  (u, c) => (isStateZero(u) ? t.success(0) : t.failure(u, c, 'must be 0')),
  t.identity,
);

/** A successful answer: `{"state": 0, "result": …}` (Cryptomus PHP SDK `RequestBuilder`). */
export const CryptomusSuccess = <C extends t.Mixed>(result: C) =>
  t.type({ state: CryptomusSuccessState, result }, `CryptomusSuccess<${result.name}>`);

/** A refusal: `state` other than 0, with a `message` or Laravel-style `errors` (both SDKs read these). */
export const CryptomusFailure = t.partial(
  {
    state: t.unknown,
    message: t.string,
    errors: t.record(t.string, t.union([t.string, t.array(t.unknown)])),
  },
  'CryptomusFailure',
);
/** A refusal. */
export type CryptomusFailure = t.TypeOf<typeof CryptomusFailure>;

/** A lenient ISO date-time: null when it is absent or not a date. */
export const CryptomusDateTime = new t.Type<Date | null, unknown, unknown>(
  'CryptomusDateTime',
  (u): u is Date | null => u === null || u instanceof Date,
  (u) => {
    const date = typeof u === 'string' ? new Date(u) : null;
    return t.success(date !== null && !Number.isNaN(date.getTime()) ? date : null);
  },
  t.identity,
);

/** The invoice object of create, info and list answers (Heleket Go SDK `Invoice`; money as decimal strings). */
export const CryptomusInvoice = t.intersection(
  [
    t.type({ uuid: CryptomusText, amount: WireDecimalString, currency: CryptomusText, url: t.string }),
    nullableFields({
      order_id: WireId,
      payment_status: t.string,
      status: t.string,
      payment_amount: WireDecimalString,
      payer_amount: WireDecimalString,
      payer_currency: t.string,
      merchant_amount: WireDecimalString,
      commission: WireDecimalString,
      network: t.string,
      address: t.string,
      txid: t.string,
      expired_at: WireUnixSeconds,
      is_final: t.boolean,
      created_at: CryptomusDateTime,
    }),
  ],
  'CryptomusInvoice',
);
/** The invoice object of create, info and list answers. */
export type CryptomusInvoice = t.TypeOf<typeof CryptomusInvoice>;

/** The `result` of create and info: one invoice, kept as sent for `raw`. */
export const CryptomusInvoiceResult = withRaw(CryptomusInvoice);

/** The cursor block of a history page (Heleket Go SDK `Pagination`). */
export const CryptomusPaginate = nullableFields(
  { nextCursor: t.string, previousCursor: t.string, hasPages: t.boolean },
  'CryptomusPaginate',
);
/** The cursor block of a history page. */
export type CryptomusPaginate = t.TypeOf<typeof CryptomusPaginate>;

/** The `result` of `/v1/payment/list`: invoices (each kept as sent) and the cursor block. */
export const CryptomusInvoicePage = t.intersection(
  [t.type({ items: t.array(withRaw(CryptomusInvoice)) }), nullableFields({ paginate: CryptomusPaginate })],
  'CryptomusInvoicePage',
);
/** The `result` of `/v1/payment/list`. */
export type CryptomusInvoicePage = t.TypeOf<typeof CryptomusInvoicePage>;

/** One entry of `currencies`: a pay currency, optionally on one network. */
export const CryptomusCurrencyChoice = t.strict({ currency: t.string }, 'CryptomusCurrencyChoice');

/** The body of `POST /v1/payment`, exactly the keys we sign and send; `amount` is a string, as documented. */
export const CryptomusInvoiceRequest = t.intersection(
  [
    t.strict({ amount: t.string, currency: t.string, order_id: t.string }),
    t.exact(
      t.partial({
        lifetime: t.number,
        url_callback: t.string,
        url_return: t.string,
        url_success: t.string,
        to_currency: t.string,
        currencies: t.array(CryptomusCurrencyChoice),
        is_payment_multiple: t.boolean,
      }),
    ),
  ],
  'CryptomusInvoiceRequest',
);
/** The body of `POST /v1/payment`. */
export type CryptomusInvoiceRequest = t.TypeOf<typeof CryptomusInvoiceRequest>;

/** The body of `POST /v1/payment/info`: the invoice's uuid. */
export const CryptomusInfoRequest = t.strict({ uuid: t.string }, 'CryptomusInfoRequest');
/** The body of `POST /v1/payment/info`. */
export type CryptomusInfoRequest = t.TypeOf<typeof CryptomusInfoRequest>;

/** The body of `POST /v1/payment/list`: an optional period (`YYYY-MM-DD HH:MM:SS`); the cursor goes in the query. */
export const CryptomusListRequest = t.exact(
  t.partial({ date_from: t.string, date_to: t.string }),
  'CryptomusListRequest',
);
/** The body of `POST /v1/payment/list`. */
export type CryptomusListRequest = t.TypeOf<typeof CryptomusListRequest>;

/** What a list call sends: its body, and the cursor that goes in the query string. */
export interface CryptomusListTarget extends CryptomusListRequest {
  readonly cursor?: string;
}

/** What every webhook carries whatever its type: `type` (payment, wallet or payout). */
export const CryptomusWebhookKind = t.type({ type: t.string }, 'CryptomusWebhookKind');

/** A payment webhook (doc.cryptomus.com and doc.heleket.com, "Webhook"); which fields are present varies. */
export const CryptomusWebhook = t.intersection(
  [
    t.type({ type: t.literal('payment'), uuid: CryptomusText, status: t.string }),
    nullableFields({
      order_id: WireId,
      amount: WireDecimalString,
      payment_amount: WireDecimalString,
      payer_amount: WireDecimalString,
      merchant_amount: WireDecimalString,
      commission: WireDecimalString,
      is_final: t.boolean,
      network: t.string,
      currency: t.string,
      payer_currency: t.string,
      txid: t.string,
    }),
  ],
  'CryptomusWebhook',
);
/** A payment webhook. */
export type CryptomusWebhook = t.TypeOf<typeof CryptomusWebhook>;
