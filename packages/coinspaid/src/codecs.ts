import * as t from 'io-ts';
import {
  isLosslessNumber,
  isRecord,
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

/** The body of `POST /invoices/{foreign_id}/cancel/`: always `{}`, which the docs require even with no fields. */
export const CoinspaidCancelRequest = t.strict({}, 'CoinspaidCancelRequest');
/** The body of `POST /invoices/{foreign_id}/cancel/`. */
export type CoinspaidCancelRequest = t.TypeOf<typeof CoinspaidCancelRequest>;

/** What a cancel names: the merchant's `foreign_id`, which goes in the path, never in the signed body. */
export interface CoinspaidCancelTarget {
  readonly foreign_id: string;
}

const isJsonObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  isRecord(u) && !isLosslessNumber(u);

const JsonObject = new t.Type<Readonly<Record<string, unknown>>, Readonly<Record<string, unknown>>, unknown>(
  'JsonObject',
  isJsonObject,
  (u, c) => (isJsonObject(u) ? t.success(u) : t.failure(u, c, 'must be a JSON object')),
  (a) => a,
);

const emptyOf = <A extends object>(name: string, is: (u: unknown) => u is A) =>
  new t.Type<A, A, unknown>(
    name,
    (u): u is A => is(u) && Object.keys(u).length === 0,
    (u, c) => (is(u) && Object.keys(u).length === 0 ? t.success(u) : t.failure(u, c, 'must be empty')),
    (a) => a,
  );

/**
 * A successful cancel answer. The docs give no body schema, only "OK" (the rendered endpoint page shows
 * `[]`), so only bodies that cannot be read as anything but a success pass: the text `OK`, `[]`, `{}`,
 * or the platform's success envelope `{"data": …}`; an empty body is accepted before parsing.
 */
export const CoinspaidCancelResult = t.union(
  [
    t.literal('OK'),
    emptyOf('EmptyArray', t.UnknownArray.is),
    emptyOf('EmptyObject', isJsonObject),
    t.type({ data: t.union([JsonObject, t.UnknownArray]) }),
  ],
  'CoinspaidCancelResult',
);
/** A successful cancel answer. */
export type CoinspaidCancelResult = t.TypeOf<typeof CoinspaidCancelResult>;

/**
 * A refusal with a machine code nested in `errors`, as the cancel endpoint documents it:
 * `{"errors":{"error":"Invoice cannot be failed in its current state.","code":"invalid_invoice_state"}}`.
 */
export const CoinspaidNestedCodedError = t.type(
  { errors: t.type({ error: t.string, code: t.string }) },
  'CoinspaidNestedCodedError',
);
/** A refusal with a machine code nested in `errors`. */
export type CoinspaidNestedCodedError = t.TypeOf<typeof CoinspaidNestedCodedError>;

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
