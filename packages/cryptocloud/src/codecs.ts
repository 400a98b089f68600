import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { Decimal, Money } from '@invoicekit/core';
import {
  compiledAs,
  isLosslessNumber,
  isPositive,
  NOT_DECODED,
  nullable,
  nullableFields,
  parseJsonLossless,
  textOrNull,
  wireNumber,
  withRaw,
  WireDecimalNumber,
  WireId,
  type LosslessNumber,
} from '@invoicekit/core/adapter';

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

const timeOf = (text: string): number | null => {
  const m = DATE_TIME.exec(text.trim());
  // CryptoCloud writes UTC as "YYYY-MM-DD HH:MI:SS.ffffff" with no zone designator.
  const date =
    m !== null ? fromUtcParts(m) : ZONED.test(text.trim()) ? new Date(text.trim().replace(' ', 'T')) : null;
  return date !== null && !Number.isNaN(date.getTime()) ? date.getTime() : null;
};

const TIMES_KEPT = 256;
const TIME_TEXT_LENGTH = 64;
const times = new Map<string, number | null>();

/** The epoch milliseconds of a timestamp, remembered for the last short texts: each invoice's times are read twice. */
const rememberedTimeOf = (text: string): number | null => {
  const known = times.get(text);
  if (known !== undefined) return known;
  const time = timeOf(text);
  if (text.length <= TIME_TEXT_LENGTH) {
    if (times.size >= TIMES_KEPT) times.clear();
    times.set(text, time);
  }
  return time;
};

/** Reads a CryptoCloud timestamp as a new `Date`: no zone means UTC; null when it is not a date-time. */
export const readDateTime = (text: string): Date | null => {
  const time = rememberedTimeOf(text);
  return time === null ? null : new Date(time);
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

const INVOICE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** True for an invoice id as CryptoCloud writes it: `INV-89UX09KA` (uuid) or `89UX09KA` (postback `invoice_id`). */
export const isInvoiceId = (u: unknown): u is string =>
  typeof u === 'string' && INVOICE_ID.test(u) && !/^INV-$/i.test(u);

/** An invoice id as CryptoCloud writes it: `INV-89UX09KA` (uuid) or `89UX09KA` (postback `invoice_id`). */
export const CryptocloudInvoiceId = new t.Type<string, string, unknown>(
  'CryptocloudInvoiceId',
  isInvoiceId,
  (u, c) => (isInvoiceId(u) ? t.success(u) : t.failure(u, c, 'must be an invoice id like INV-89UX09KA')),
  t.identity,
);

const INVOICE_PREFIX = /^INV-/i;

/** The bare invoice code without the `INV-` prefix (`INV-89UX09KA` and `89UX09KA` → `89UX09KA`). */
export const bareInvoiceId = (id: string): string => id.trim().replace(INVOICE_PREFIX, '');

/** The invoice uuid with its `INV-` prefix, the form CryptoCloud returns as `uuid`. */
export const invoiceUuid = (id: string): string => `INV-${bareInvoiceId(id)}`;

/** True when both ids name the same invoice, with or without the `INV-` prefix. */
export const sameInvoice = (a: string, b: string): boolean => bareInvoiceId(a) === bareInvoiceId(b);

/** `codec`, or null when the value is absent, null or not what `codec` reads: for fields nothing relies on. */
const lenient = <C extends t.Mixed>(codec: C) =>
  compiledAs(
    new t.Type<t.TypeOf<C> | null, unknown, unknown>(
      `Lenient<${codec.name}>`,
      (u): u is t.TypeOf<C> | null => u === null || codec.is(u),
      (u, c) => {
        const decoded = codec.validate(u, c);
        return E.isRight(decoded) ? decoded : t.success(null);
      },
      t.identity,
    ),
    (readerOf) => {
      const read = readerOf(codec);
      return (u) => {
        const value = read(u);
        return value === NOT_DECODED ? null : value;
      };
    },
  );

/** A value that may arrive either as itself or as a JSON string holding it (form-encoded postbacks). */
const jsonEncoded = <C extends t.Mixed>(codec: C) =>
  compiledAs(
    new t.Type<t.TypeOf<C>, unknown, unknown>(
      codec.name,
      codec.is,
      (u, c) =>
        typeof u === 'string'
          ? pipe(
              parseJsonLossless(u),
              E.match(
                (reason) => t.failure(u, c, `must be an object or a JSON string holding one (${reason})`),
                (parsed) => codec.validate(parsed, c),
              ),
            )
          : codec.validate(u, c),
      t.identity,
    ),
    (readerOf) => {
      const read = readerOf(codec);
      return (u) => {
        if (typeof u !== 'string') return read(u);
        const parsed = parseJsonLossless(u);
        return E.isRight(parsed) ? read(parsed.right) : NOT_DECODED;
      };
    },
  );

/** The network of a currency inside an invoice object. */
export const CryptocloudNetwork = t.partial(
  { code: lenient(t.string), fullname: lenient(t.string) },
  'CryptocloudNetwork',
);
/** The network of a currency inside an invoice object. */
export type CryptocloudNetwork = t.TypeOf<typeof CryptocloudNetwork>;

/** The pay currency inside an invoice object: `code` is short, `fullcode` is e.g. `USDT_TRC20`. */
export const CryptocloudCurrency = t.intersection(
  [
    t.type({ code: t.string }),
    t.partial({ fullcode: lenient(t.string), network: lenient(CryptocloudNetwork) }),
  ],
  'CryptocloudCurrency',
);
/** The pay currency inside an invoice object. */
export type CryptocloudCurrency = t.TypeOf<typeof CryptocloudCurrency>;

/**
 * The fields of an invoice object that invoicekit reads, in every documented generation: strict on
 * the id, the status, the order id and every amount; lenient (null) on the rest.
 */
export const CryptocloudInvoiceFields = t.intersection(
  [
    t.type({ uuid: CryptocloudInvoiceId, status: t.string }),
    t.partial({
      link: lenient(t.string),
      amount_in_fiat: nullable(WireDecimalNumber),
      fiat_currency: lenient(t.string),
      amount_usd: nullable(WireDecimalNumber),
      created: lenient(CryptocloudDateTime),
      expiry_date: lenient(CryptocloudDateTime),
      address: lenient(t.string),
      amount: nullable(WireDecimalNumber),
      currency: lenient(CryptocloudCurrency),
      order_id: nullable(CryptocloudText),
      test_mode: lenient(t.boolean),
      amount_paid: nullable(WireDecimalNumber),
      received: nullable(WireDecimalNumber),
    }),
  ],
  'CryptocloudInvoiceFields',
);
/** The fields of an invoice object that invoicekit reads. */
export type CryptocloudInvoiceFields = t.TypeOf<typeof CryptocloudInvoiceFields>;

// The 2023 info/list item has no amount_in_fiat/fiat_currency, and a postback's invoice_info may
// carry amount_in_fiat 0.0: the price is a positive amount_in_fiat with its currency, else amount_usd in USD.
const priceOf = (fields: CryptocloudInvoiceFields): Money | null => {
  const fiat = fields.amount_in_fiat ?? null;
  const fiatCurrency = textOrNull(fields.fiat_currency);
  if (fiat !== null && fiatCurrency !== null && isPositive(fiat))
    return { amount: fiat, currency: fiatCurrency };
  const usd = fields.amount_usd ?? null;
  return usd === null ? null : { amount: usd, currency: 'USD' };
};

/** An invoice object from create, merchant/info or merchant/list, with the price it states. */
export type CryptocloudInvoice = CryptocloudInvoiceFields & { readonly price: Money };

/** Decodes an invoice object of any documented generation and fixes its price; one without a price is refused. */
export const CryptocloudInvoice = compiledAs(
  new t.Type<CryptocloudInvoice, unknown, unknown>(
    'CryptocloudInvoice',
    (u): u is CryptocloudInvoice =>
      CryptocloudInvoiceFields.is(u) && Money.is((u as { price?: unknown }).price),
    (u, c) =>
      pipe(
        CryptocloudInvoiceFields.validate(u, c),
        E.flatMap((fields) => {
          const price = priceOf(fields);
          return price === null
            ? t.failure<CryptocloudInvoice>(
                u,
                c,
                'must state a price: amount_in_fiat with fiat_currency, or amount_usd',
              )
            : t.success<CryptocloudInvoice>({ ...fields, price });
        }),
      ),
    t.identity,
  ),
  (readerOf) => {
    const read = readerOf(CryptocloudInvoiceFields);
    return (u) => {
      const fields = read(u);
      if (fields === NOT_DECODED) return NOT_DECODED;
      const price = priceOf(fields as CryptocloudInvoiceFields);
      if (price === null) return NOT_DECODED;
      // The fields the reader copied are its own to complete; the input itself is never written to.
      if (fields === u) return { ...(fields as CryptocloudInvoiceFields), price };
      (fields as Record<string, unknown>).price = price;
      return fields;
    };
  },
);

/** The `result` of create: one invoice object, kept as sent for `raw`. */
export const CryptocloudCreated = withRaw(CryptocloudInvoice);
/** The `result` of create. */
export type CryptocloudCreated = t.TypeOf<typeof CryptocloudCreated>;

/** The `result` of merchant/info and merchant/list: invoice objects, each kept as sent for `raw`. */
export const CryptocloudInvoiceList = t.array(withRaw(CryptocloudInvoice), 'CryptocloudInvoiceList');
/** The `result` of merchant/info and merchant/list. */
export type CryptocloudInvoiceList = t.TypeOf<typeof CryptocloudInvoiceList>;

/** The `result` of merchant/canceled (`["ok"]`); its content carries no information. */
export const CryptocloudCancelResult = t.unknown;
/** The `result` of merchant/canceled. */
export type CryptocloudCancelResult = t.TypeOf<typeof CryptocloudCancelResult>;

/** A successful response envelope around a `result` of `codec`. */
export const CryptocloudSuccess = <C extends t.Mixed>(result: C) =>
  t.type({ status: t.literal('success'), result }, `CryptocloudSuccess<${result.name}>`);

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
export const CryptocloudInvoiceRequest = t.exact(
  t.intersection([
    t.type({ shop_id: t.string, amount: CryptocloudWireAmount, currency: t.string, order_id: t.string }),
    t.partial({ email: t.string, add_fields: CryptocloudAddFields }),
  ]),
  'CryptocloudInvoiceRequest',
);
/** The body of `POST /v2/invoice/create`. */
export type CryptocloudInvoiceRequest = t.TypeOf<typeof CryptocloudInvoiceRequest>;

/** The body of `POST /v2/invoice/merchant/info`. */
export const CryptocloudInfoRequest = t.strict({ uuids: t.array(t.string) }, 'CryptocloudInfoRequest');
/** The body of `POST /v2/invoice/merchant/info`. */
export type CryptocloudInfoRequest = t.TypeOf<typeof CryptocloudInfoRequest>;

/** The body of `POST /v2/invoice/merchant/canceled`. */
export const CryptocloudCancelRequest = t.strict({ uuid: t.string }, 'CryptocloudCancelRequest');
/** The body of `POST /v2/invoice/merchant/canceled`. */
export type CryptocloudCancelRequest = t.TypeOf<typeof CryptocloudCancelRequest>;

/** The body of `POST /v2/invoice/merchant/list`; dates are `dd.mm.yyyy`. */
export const CryptocloudListRequest = t.strict(
  { start: t.string, end: t.string, offset: t.number, limit: t.number },
  'CryptocloudListRequest',
);
/** The body of `POST /v2/invoice/merchant/list`. */
export type CryptocloudListRequest = t.TypeOf<typeof CryptocloudListRequest>;

/** The invoice object inside a postback (`invoice_info`), possibly a JSON string; only its id is read strictly. */
export const CryptocloudPostbackInvoice = t.partial(
  {
    uuid: CryptocloudInvoiceId,
    status: lenient(t.string),
    invoice_status: lenient(t.string),
    order_id: lenient(CryptocloudText),
    test_mode: lenient(t.boolean),
  },
  'CryptocloudPostbackInvoice',
);
/** The invoice object inside a postback. */
export type CryptocloudPostbackInvoice = t.TypeOf<typeof CryptocloudPostbackInvoice>;

/** A postback body (JSON or form fields); `invoice_id` has no `INV-` prefix. */
export const CryptocloudPostback = t.intersection(
  [
    t.type({ status: t.string, invoice_id: CryptocloudInvoiceId }),
    nullableFields({
      amount_crypto: WireDecimalNumber,
      currency: t.string,
      order_id: CryptocloudText,
      invoice_info: jsonEncoded(CryptocloudPostbackInvoice),
    }),
  ],
  'CryptocloudPostback',
);
/** A postback body. */
export type CryptocloudPostback = t.TypeOf<typeof CryptocloudPostback>;
