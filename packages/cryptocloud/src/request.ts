import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { type InvoiceError, type Issue, type ProviderCapabilities } from '@invoicekit/core';
import {
  invalidRequest,
  isRecord,
  readInvoiceRefWithId,
  reportIssues,
  snapshotInput,
  unsupported,
  validateCreateInvoiceRequest,
  type ResolvedRef,
  type ValidInvoiceRequest,
  type RequestRules,
} from '@invoicekit/core/adapter';
import {
  invoiceUuid,
  isInvoiceId,
  type CryptocloudAddFields,
  type CryptocloudCancelRequest,
  type CryptocloudInfoRequest,
  type CryptocloudInvoiceRequest,
  type CryptocloudListRequest,
  type CryptocloudTimeToPay,
} from './codecs';
import { CRYPTOCLOUD_CRYPTO_CURRENCIES, CRYPTOCLOUD_FIAT_CURRENCIES } from './currencies';

const FIAT: ReadonlySet<string> = new Set(CRYPTOCLOUD_FIAT_CURRENCIES);
const CRYPTO: ReadonlySet<string> = new Set(CRYPTOCLOUD_CRYPTO_CURRENCIES);

const FIAT_MESSAGE = `must be a CryptoCloud price currency: ${CRYPTOCLOUD_FIAT_CURRENCIES.join(', ')}`;
const CRYPTO_MESSAGE = `must be a CryptoCloud pay currency: ${CRYPTOCLOUD_CRYPTO_CURRENCIES.join(', ')}`;

const currencyIssues = (request: ValidInvoiceRequest): Issue[] => {
  const issues: Issue[] = [];
  if (!FIAT.has(request.currency)) issues.push({ path: 'currency', message: FIAT_MESSAGE });
  if (request.payCurrency !== undefined && !CRYPTO.has(request.payCurrency)) {
    issues.push({ path: 'payCurrency', message: CRYPTO_MESSAGE });
  }
  request.payCurrencies?.forEach((code, i) => {
    if (!CRYPTO.has(code)) issues.push({ path: `payCurrencies.${i}`, message: CRYPTO_MESSAGE });
  });
  if (
    request.payCurrency !== undefined &&
    request.payCurrencies !== undefined &&
    !request.payCurrencies.includes(request.payCurrency)
  ) {
    issues.push({ path: 'payCurrency', message: 'must be one of the currencies listed in payCurrencies' });
  }
  return issues;
};

const partialPayment = (): InvoiceError =>
  unsupported(
    'cryptocloud',
    'allowPartialPayment',
    'cryptocloud has no partial-payment switch: a short payment leaves the invoice `partial`',
  );

/**
 * The most fraction digits a create `amount` may have. CryptoCloud documents `amount` only as a float
 * in a fiat currency (examples `100`, `100.0`) and states no precision; 2 is the minor unit of its
 * documented fiat currencies, so nothing finer is sent to be rounded by the provider.
 */
export const CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS = 2;

/** What CryptoCloud supports: every operation plus `listInvoices`; partial payment is refused, hints ignored. */
export const CRYPTOCLOUD_CAPABILITIES: ProviderCapabilities = {
  operations: { createInvoice: true, getInvoice: true, cancelInvoice: true, listInvoices: true },
  requiredFields: [],
  unsupportedFields: ['allowPartialPayment'],
  // Redirect pages are set per project in the CryptoCloud dashboard, not per invoice.
  ignoredFields: ['title', 'description', 'redirectUrls', 'customer.reference', 'customer.sender'],
  expiresInMinutes: 'any',
  amountFractionDigits: {
    max: CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS,
    source:
      '[I] inferred: CryptoCloud documents create `amount` only as a float in a fiat currency (examples 100, 100.0) ' +
      'and states no precision; 2 is the minor unit of its documented fiat currencies',
  },
  rejectsDuplicateOrders: false,
};

/** Validates a canonical request for CryptoCloud: core rules (read once), then the documented currency lists. */
export const validateInvoiceRequest = (
  input: unknown,
  rules?: RequestRules,
): E.Either<InvoiceError, ValidInvoiceRequest> => {
  const request = validateCreateInvoiceRequest(
    'cryptocloud',
    input,
    CRYPTOCLOUD_AMOUNT_FRACTION_DIGITS,
    rules,
  );
  if (E.isLeft(request)) return request;
  if (request.right.allowPartialPayment === true) return E.left(partialPayment());
  const issues = currencyIssues(request.right);
  return issues.length > 0 ? E.left(invalidRequest('cryptocloud', issues)) : request;
};

/** Splits a lifetime in minutes into CryptoCloud's `{hours, minutes}`. */
export const toTimeToPay = (minutes: number): CryptocloudTimeToPay => ({
  hours: Math.floor(minutes / 60),
  minutes: minutes % 60,
});

const toAddFields = (request: ValidInvoiceRequest): CryptocloudAddFields => {
  const fields: CryptocloudAddFields = {};
  if (request.expiresInMinutes !== undefined) fields.time_to_pay = toTimeToPay(request.expiresInMinutes);
  if (request.payCurrencies !== undefined) fields.available_currencies = [...request.payCurrencies];
  if (request.payCurrency !== undefined) fields.cryptocurrency = request.payCurrency;
  return fields;
};

/** Maps a validated request to the create body; optional parameters go only inside `add_fields`. */
export const toWireInvoiceRequest =
  (shopId: string) =>
  (request: ValidInvoiceRequest): CryptocloudInvoiceRequest => {
    const body: CryptocloudInvoiceRequest = {
      shop_id: shopId,
      amount: request.amount,
      currency: request.currency,
      order_id: request.orderId,
    };
    if (request.customer?.email !== undefined) body.email = request.customer.email;
    const addFields = toAddFields(request);
    if (Object.keys(addFields).length > 0) body.add_fields = addFields;
    return body;
  };

/** The merchant/info body for one invoice, id given with or without `INV-`. */
export const toWireInfoRequest = (id: string): CryptocloudInfoRequest => ({ uuids: [invoiceUuid(id)] });

/** The merchant/canceled body for one invoice, id given with or without `INV-`. */
export const toWireCancelRequest = (id: string): CryptocloudCancelRequest => ({ uuid: invoiceUuid(id) });

/** Reads an `InvoiceRef` once and checks its id before it is sent: letters, digits, `-` and `_`, with or without `INV-`. */
export const validateInvoiceRef: (ref: unknown) => E.Either<InvoiceError, ResolvedRef> = readInvoiceRefWithId(
  'cryptocloud',
  isInvoiceId,
  'must be an invoice id like INV-89UX09KA',
);

const ValidDate = new t.Type<Date, Date, unknown>(
  'Date',
  (u): u is Date => u instanceof Date && !Number.isNaN(u.getTime()),
  (u, c) =>
    u === undefined
      ? t.failure(u, c, 'is required')
      : u instanceof Date && !Number.isNaN(u.getTime())
        ? t.success(u)
        : t.failure(u, c, 'must be a valid Date'),
  t.identity,
);

const wholeNumberIn = (name: string, min: number, max: number) =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => Number.isSafeInteger(u) && (u as number) >= min && (u as number) <= max,
    (u, c) =>
      Number.isSafeInteger(u) && (u as number) >= min && (u as number) <= max
        ? t.success(u as number)
        : t.failure(u, c, `must be a whole number from ${min} to ${max}`),
    t.identity,
  );

/** A merchant/list query: invoices created between `from` and `to` (UTC days, inclusive). */
export interface CryptocloudListQueryInput {
  readonly from: Date;
  readonly to: Date;
  readonly offset?: number;
  readonly limit?: number;
}

/** A merchant/list query: a date range (inclusive, UTC days) and a page of at most 100 invoices. */
export const CryptocloudListQuery = t.intersection(
  [
    t.type({ from: ValidDate, to: ValidDate }),
    t.partial({
      offset: t.union([wholeNumberIn('Offset', 0, Number.MAX_SAFE_INTEGER), t.undefined]),
      limit: t.union([wholeNumberIn('Limit', 1, 100), t.undefined]),
    }),
  ],
  'CryptocloudListQuery',
);
/** A merchant/list query. */
export type CryptocloudListQuery = t.TypeOf<typeof CryptocloudListQuery>;

/** Page size CryptoCloud uses when none is given. */
export const CRYPTOCLOUD_DEFAULT_LIST_LIMIT = 10;

const checkRange = (query: CryptocloudListQuery): E.Either<InvoiceError, CryptocloudListQuery> =>
  query.from.getTime() <= query.to.getTime()
    ? E.right(query)
    : E.left(invalidRequest('cryptocloud', [{ path: 'to', message: 'must not be before from' }]));

const snapshotQuery = (input: unknown): E.Either<InvoiceError, Record<string, unknown>> =>
  pipe(
    snapshotInput(input),
    E.mapLeft((issue): InvoiceError => invalidRequest('cryptocloud', [issue])),
    E.filterOrElseW(isRecord, () =>
      invalidRequest('cryptocloud', [{ path: '', message: 'must be a list query { from, to }' }]),
    ),
  );

const decodeQuery = (query: Record<string, unknown>): E.Either<InvoiceError, CryptocloudListQuery> =>
  pipe(
    CryptocloudListQuery.decode(query),
    E.mapLeft((errors): InvoiceError => invalidRequest('cryptocloud', reportIssues(errors))),
  );

/** Validates a list query read once: real dates with `from` ≤ `to`, `limit` 1..100, `offset` ≥ 0. */
export const validateListQuery = (input: unknown): E.Either<InvoiceError, CryptocloudListQuery> =>
  pipe(snapshotQuery(input), E.flatMap(decodeQuery), E.flatMap(checkRange));

const twoDigits = (n: number): string => String(n).padStart(2, '0');

/** Formats a date as CryptoCloud's `dd.mm.yyyy`, in UTC. */
export const toListDate = (date: Date): string =>
  `${twoDigits(date.getUTCDate())}.${twoDigits(date.getUTCMonth() + 1)}.${String(date.getUTCFullYear()).padStart(4, '0')}`;

/** Maps a validated list query to the merchant/list body. */
export const toWireListRequest = (query: CryptocloudListQuery): CryptocloudListRequest => ({
  start: toListDate(query.from),
  end: toListDate(query.to),
  offset: query.offset ?? 0,
  limit: query.limit ?? CRYPTOCLOUD_DEFAULT_LIST_LIMIT,
});
