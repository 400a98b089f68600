import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import {
  Decimal,
  isLosslessNumber,
  parseJsonLossless,
  wireNumber,
  WireDecimalNumber,
  WireId,
  type LosslessNumber,
} from '@invoicekit/core';

/** `A` or `null`. */
const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([zZ]|[+-]\d{2}:?\d{2})$/;

const fromUtcParts = (m: RegExpExecArray): Date | null => {
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(
    Date.UTC(
      year,
      month - 1,
      day,
      Number(m[4]),
      Number(m[5]),
      Number(m[6]),
      Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
    ),
  );
  return date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    Number(m[4]) < 24 &&
    Number(m[5]) < 60 &&
    Number(m[6]) < 60
    ? date
    : null;
};

/** Reads a CryptoCloud timestamp as a `Date`: no zone means UTC; null when it is not a date-time. */
export const readDateTime = (text: string): Date | null => {
  const m = DATE_TIME.exec(text.trim());
  // CryptoCloud writes UTC as "YYYY-MM-DD HH:MI:SS.ffffff" with no zone designator.
  const date =
    m !== null ? fromUtcParts(m) : ZONED.test(text.trim()) ? new Date(text.trim().replace(' ', 'T')) : null;
  return date !== null && !Number.isNaN(date.getTime()) ? date : null;
};

/** A CryptoCloud timestamp (`2026-01-27 09:03:58.958133`, UTC without a zone), kept as its text. */
export const CryptocloudDateTime = new t.Type<string, string, unknown>(
  'CryptocloudDateTime',
  (u): u is string => typeof u === 'string' && readDateTime(u) !== null,
  (u, c) =>
    typeof u === 'string' && readDateTime(u) !== null
      ? t.success(u)
      : t.failure(u, c, 'must be a date-time like "2026-01-27 09:03:58.958133"'),
  t.identity,
);

/** Text given as a string or a JSON number (ids that some objects send as numbers). */
export const CryptocloudText = t.union([t.string, WireId], 'CryptocloudText');

/** A value that may arrive either as itself or as a JSON string holding it (form-encoded postbacks). */
const jsonEncoded = <C extends t.Mixed>(codec: C) =>
  new t.Type<t.TypeOf<C>, unknown, unknown>(
    codec.name,
    codec.is,
    (u, c) =>
      typeof u === 'string'
        ? pipe(
            parseJsonLossless(u),
            E.match(
              () => t.failure(u, c, 'must be an object or a JSON string holding one'),
              (parsed) => codec.validate(parsed, c),
            ),
          )
        : codec.validate(u, c),
    t.identity,
  );

/** The network of a currency inside an invoice object. */
export const CryptocloudNetwork = t.partial(
  { code: nullable(t.string), fullname: nullable(t.string) },
  'CryptocloudNetwork',
);
/** The network of a currency inside an invoice object. */
export type CryptocloudNetwork = t.TypeOf<typeof CryptocloudNetwork>;

/** The pay currency inside an invoice object: `code` is short, `fullcode` is e.g. `USDT_TRC20`. */
export const CryptocloudCurrency = t.intersection(
  [
    t.type({ code: t.string }),
    t.partial({ fullcode: nullable(t.string), network: nullable(CryptocloudNetwork) }),
  ],
  'CryptocloudCurrency',
);
/** The pay currency inside an invoice object. */
export type CryptocloudCurrency = t.TypeOf<typeof CryptocloudCurrency>;

/** An invoice object from create, merchant/info and merchant/list. */
export const CryptocloudInvoice = t.intersection(
  [
    t.type({
      uuid: WireId,
      status: t.string,
      link: t.string,
      amount_in_fiat: WireDecimalNumber,
      fiat_currency: t.string,
    }),
    t.partial({
      created: nullable(CryptocloudDateTime),
      expiry_date: nullable(CryptocloudDateTime),
      address: nullable(t.string),
      amount: nullable(WireDecimalNumber),
      currency: nullable(CryptocloudCurrency),
      order_id: nullable(CryptocloudText),
      test_mode: nullable(t.boolean),
      amount_paid: nullable(WireDecimalNumber),
    }),
  ],
  'CryptocloudInvoice',
);
/** An invoice object from create, merchant/info and merchant/list. */
export type CryptocloudInvoice = t.TypeOf<typeof CryptocloudInvoice>;

/** The `result` of merchant/info and merchant/list. */
export const CryptocloudInvoiceList = t.array(CryptocloudInvoice, 'CryptocloudInvoiceList');
/** The `result` of merchant/info and merchant/list. */
export type CryptocloudInvoiceList = t.TypeOf<typeof CryptocloudInvoiceList>;

/** The `result` of merchant/canceled (`["ok"]`); its content carries no information. */
export const CryptocloudCancelResult = t.unknown;
/** The `result` of merchant/canceled. */
export type CryptocloudCancelResult = t.TypeOf<typeof CryptocloudCancelResult>;

/** A successful response envelope. */
export const CryptocloudSuccess = t.type(
  { status: t.literal('success'), result: t.unknown },
  'CryptocloudSuccess',
);
/** A successful response envelope. */
export type CryptocloudSuccess = t.TypeOf<typeof CryptocloudSuccess>;

/** An error response envelope: `result` maps fields (or `authorization`, `validate_error`) to messages. */
export const CryptocloudFailure = t.type(
  { status: t.literal('error'), result: t.unknown },
  'CryptocloudFailure',
);
/** An error response envelope. */
export type CryptocloudFailure = t.TypeOf<typeof CryptocloudFailure>;

/** The top-level `{detail}` body CryptoCloud answers for a malformed API key. */
export const CryptocloudDetail = t.type({ detail: t.string }, 'CryptocloudDetail');
/** The top-level `{detail}` body. */
export type CryptocloudDetail = t.TypeOf<typeof CryptocloudDetail>;

/** A decimal written to the wire as a JSON number with exactly its digits. */
export const CryptocloudWireAmount = new t.Type<Decimal, LosslessNumber, unknown>(
  'CryptocloudWireAmount',
  Decimal.is,
  (u, c) => (isLosslessNumber(u) ? Decimal.validate(u.value, c) : Decimal.validate(u, c)),
  wireNumber,
);

/** `add_fields.time_to_pay`: the invoice lifetime. */
export const CryptocloudTimeToPay = t.strict({ hours: t.number, minutes: t.number }, 'CryptocloudTimeToPay');
/** `add_fields.time_to_pay`. */
export type CryptocloudTimeToPay = t.TypeOf<typeof CryptocloudTimeToPay>;

/** `add_fields`: the only place CryptoCloud accepts optional parameters. */
export const CryptocloudAddFields = t.exact(
  t.partial({
    time_to_pay: CryptocloudTimeToPay,
    available_currencies: t.array(t.string),
    cryptocurrency: t.string,
  }),
  'CryptocloudAddFields',
);
/** `add_fields`. */
export type CryptocloudAddFields = t.TypeOf<typeof CryptocloudAddFields>;

/** The body of `POST /v2/invoice/create`. */
export const CryptocloudCreateBody = t.exact(
  t.intersection([
    t.type({ shop_id: t.string, amount: CryptocloudWireAmount, currency: t.string, order_id: t.string }),
    t.partial({ email: t.string, add_fields: CryptocloudAddFields }),
  ]),
  'CryptocloudCreateBody',
);
/** The body of `POST /v2/invoice/create`. */
export type CryptocloudCreateBody = t.TypeOf<typeof CryptocloudCreateBody>;

/** The body of `POST /v2/invoice/merchant/info`. */
export const CryptocloudInfoBody = t.strict({ uuids: t.array(t.string) }, 'CryptocloudInfoBody');
/** The body of `POST /v2/invoice/merchant/info`. */
export type CryptocloudInfoBody = t.TypeOf<typeof CryptocloudInfoBody>;

/** The body of `POST /v2/invoice/merchant/canceled`. */
export const CryptocloudCancelBody = t.strict({ uuid: t.string }, 'CryptocloudCancelBody');
/** The body of `POST /v2/invoice/merchant/canceled`. */
export type CryptocloudCancelBody = t.TypeOf<typeof CryptocloudCancelBody>;

/** The body of `POST /v2/invoice/merchant/list`; dates are `dd.mm.yyyy`. */
export const CryptocloudListBody = t.strict(
  { start: t.string, end: t.string, offset: t.number, limit: t.number },
  'CryptocloudListBody',
);
/** The body of `POST /v2/invoice/merchant/list`. */
export type CryptocloudListBody = t.TypeOf<typeof CryptocloudListBody>;

/** The invoice object inside a postback (`invoice_info`), possibly sent as a JSON string. */
export const CryptocloudPostbackInvoice = t.partial(
  {
    uuid: WireId,
    status: nullable(t.string),
    invoice_status: nullable(t.string),
    order_id: nullable(CryptocloudText),
    test_mode: nullable(t.boolean),
  },
  'CryptocloudPostbackInvoice',
);
/** The invoice object inside a postback. */
export type CryptocloudPostbackInvoice = t.TypeOf<typeof CryptocloudPostbackInvoice>;

/** A postback body (JSON or form fields); `invoice_id` has no `INV-` prefix. */
export const CryptocloudPostback = t.intersection(
  [
    t.type({ status: t.string, invoice_id: WireId }),
    t.partial({
      amount_crypto: nullable(WireDecimalNumber),
      currency: nullable(t.string),
      order_id: nullable(CryptocloudText),
      invoice_info: nullable(jsonEncoded(CryptocloudPostbackInvoice)),
    }),
  ],
  'CryptocloudPostback',
);
/** A postback body. */
export type CryptocloudPostback = t.TypeOf<typeof CryptocloudPostback>;
