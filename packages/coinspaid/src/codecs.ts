import * as t from 'io-ts';
import {
  isLosslessNumber,
  nullableFields,
  withRaw,
  WireDecimalString,
  WireId,
  WireInteger,
  WireUnixSeconds,
  type LosslessNumber,
} from '@invoicekit/core/adapter';

/** A JSON number written with exact digits (lossless-json), as the platform wants `amount`. */
export const CoinspaidJsonNumber = new t.Type<LosslessNumber, LosslessNumber, unknown>(
  'CoinspaidJsonNumber',
  isLosslessNumber,
  (u, c) => (isLosslessNumber(u) ? t.success(u) : t.failure(u, c, 'must be an exact JSON number')),
  (n) => n,
);

/** `sender_data` of a natural person (MiCA). */
export const CoinspaidNaturalSenderData = t.strict(
  { first_name: t.string, last_name: t.string, date_of_birth: t.string },
  'CoinspaidNaturalSenderData',
);
/** `sender_data` of a natural person (MiCA). */
export type CoinspaidNaturalSenderData = t.TypeOf<typeof CoinspaidNaturalSenderData>;

/** `sender_data` of a legal entity (MiCA). */
export const CoinspaidLegalSenderData = t.strict(
  { legal_name: t.string, country_of_registration: t.string },
  'CoinspaidLegalSenderData',
);
/** `sender_data` of a legal entity (MiCA). */
export type CoinspaidLegalSenderData = t.TypeOf<typeof CoinspaidLegalSenderData>;

/** Whether the payer is a person or a company. */
export const CoinspaidSenderType = t.keyof({ natural: null, legal: null }, 'CoinspaidSenderType');
/** Whether the payer is a person or a company. */
export type CoinspaidSenderType = t.TypeOf<typeof CoinspaidSenderType>;

/** The `type` of an invoice: all at once, or instalments until it expires. */
export const CoinspaidInvoiceType = t.keyof(
  { fill_or_kill: null, good_until_expired: null },
  'CoinspaidInvoiceType',
);
/** The `type` of an invoice. */
export type CoinspaidInvoiceType = t.TypeOf<typeof CoinspaidInvoiceType>;

/** The body of `POST /invoices/create`, exactly the keys we sign and send. */
export const CoinspaidInvoiceRequest = t.intersection(
  [
    t.strict({
      timer: t.boolean,
      title: t.string,
      currency: t.string,
      amount: CoinspaidJsonNumber,
      foreign_id: t.string,
      url_success: t.string,
      url_failed: t.string,
      email_user: t.string,
    }),
    t.exact(
      t.partial({
        description: t.string,
        end_user_reference: t.string,
        sender_currency: t.string,
        type: CoinspaidInvoiceType,
        sender_type: CoinspaidSenderType,
        sender_data: t.union([CoinspaidNaturalSenderData, CoinspaidLegalSenderData]),
      }),
    ),
  ],
  'CoinspaidInvoiceRequest',
);
/** The body of `POST /invoices/create`. */
export type CoinspaidInvoiceRequest = t.TypeOf<typeof CoinspaidInvoiceRequest>;

/** A destination tag or memo: text, or a number on some currencies. */
export const CoinspaidTag = t.union([t.string, WireId], 'CoinspaidTag');

/** The invoice inside a create response; ids may be numbers, money must be decimal strings. */
export const CoinspaidInvoice = t.intersection(
  [
    t.type({
      id: WireId,
      url: t.string,
      status: t.string,
      currency: t.string,
      amount: WireDecimalString,
    }),
    nullableFields({
      foreign_id: WireId,
      end_user_reference: WireId,
      address: t.string,
      tag: CoinspaidTag,
      title: t.string,
      sender_currency: t.string,
      sender_amount: WireDecimalString,
      release_at: WireUnixSeconds,
    }),
  ],
  'CoinspaidInvoice',
);
/** The invoice inside a create response. */
export type CoinspaidInvoice = t.TypeOf<typeof CoinspaidInvoice>;

/** A successful `POST /invoices/create` answer; the invoice object keeps its plain JSON for `raw`. */
export const CoinspaidCreateResponse = t.type({ data: withRaw(CoinspaidInvoice) }, 'CoinspaidCreateResponse');
/** A successful `POST /invoices/create` answer. */
export type CoinspaidCreateResponse = t.TypeOf<typeof CoinspaidCreateResponse>;

/** Laravel-style validation errors: one message (or a list) per field. */
export const CoinspaidFieldErrors = t.type(
  { errors: t.record(t.string, t.union([t.string, t.array(t.string)])) },
  'CoinspaidFieldErrors',
);
/** Laravel-style validation errors. */
export type CoinspaidFieldErrors = t.TypeOf<typeof CoinspaidFieldErrors>;

/** An error with a machine code: bad content format, or one of the header checks. */
export const CoinspaidCodedError = t.intersection(
  [t.type({ code: t.string }), t.partial({ error: t.string })],
  'CoinspaidCodedError',
);
/** An error with a machine code. */
export type CoinspaidCodedError = t.TypeOf<typeof CoinspaidCodedError>;

/** An error with only a message, e.g. a disabled feature. */
export const CoinspaidMessageError = t.type({ message: t.string }, 'CoinspaidMessageError');
/** An error with only a message. */
export type CoinspaidMessageError = t.TypeOf<typeof CoinspaidMessageError>;

/**
 * What every callback carries, whatever its envelope: its `type`. Only `invoice` callbacks are read
 * further; `payment_request` callbacks, for one, have no root `id`.
 */
export const CoinspaidCallbackKind = t.type({ type: t.string }, 'CoinspaidCallbackKind');
/** What every callback carries: its `type`. */
export type CoinspaidCallbackKind = t.TypeOf<typeof CoinspaidCallbackKind>;

/** One transaction listed in a callback; confirmations arrive as a string or a number. */
export const CoinspaidCallbackTransaction = t.intersection(
  [
    t.type({ currency: t.string, amount: WireDecimalString }),
    nullableFields({ id: WireId, txid: t.string, confirmations: WireInteger }),
  ],
  'CoinspaidCallbackTransaction',
);
/** One transaction listed in a callback. */
export type CoinspaidCallbackTransaction = t.TypeOf<typeof CoinspaidCallbackTransaction>;

/** What the customer still owes, in the pay currency. */
export const CoinspaidCurrencySent = t.intersection(
  [t.type({ currency: t.string }), nullableFields({ remaining_amount: WireDecimalString })],
  'CoinspaidCurrencySent',
);
/** What the customer still owes. */
export type CoinspaidCurrencySent = t.TypeOf<typeof CoinspaidCurrencySent>;

/** What the merchant is credited, in the invoice currency. */
export const CoinspaidCurrencyReceived = t.type(
  { currency: t.string, amount: WireDecimalString },
  'CoinspaidCurrencyReceived',
);
/** What the merchant is credited. */
export type CoinspaidCurrencyReceived = t.TypeOf<typeof CoinspaidCurrencyReceived>;

/** An invoice callback (`type: "invoice"`). */
export const CoinspaidInvoiceCallback = t.intersection(
  [
    t.type({ id: WireId, type: t.literal('invoice'), status: t.string }),
    nullableFields({
      foreign_id: WireId,
      currency_sent: CoinspaidCurrencySent,
      currency_received: CoinspaidCurrencyReceived,
      transactions: t.array(CoinspaidCallbackTransaction),
      error: t.string,
    }),
  ],
  'CoinspaidInvoiceCallback',
);
/** An invoice callback (`type: "invoice"`). */
export type CoinspaidInvoiceCallback = t.TypeOf<typeof CoinspaidInvoiceCallback>;
