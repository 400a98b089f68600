import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { type InvoiceError, type ProviderCapabilities } from '@invoicekit/core';
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
import type { NowpaymentsInvoiceRequest } from './codecs';
import type { NowpaymentsConfig } from './config';

/**
 * The most fraction digits a create `amount` may have. NOWPayments documents `price_amount` only as "the
 * amount ... stated in fiat currency" (examples `1000`, `3999.5`) and states no precision; 2 is the minor
 * unit of the fiat currencies it names, so nothing finer is sent to be rounded by the provider.
 */
export const NOWPAYMENTS_AMOUNT_FRACTION_DIGITS = 2;

/** What NOWPayments cannot do, each with its source; `cancelInvoice` and refunds answer `Unsupported`. */
export const NOWPAYMENTS_UNSUPPORTED = {
  cancelInvoice:
    'NOWPayments documents no cancel endpoint for invoices or payments (Postman collection "NOWPayments API", ' +
    'folder Payments); an unpaid payment expires after 7 days, or 20 minutes at a fixed rate',
  refund:
    'NOWPayments documents no refund endpoint: `refunded` is only a status, and mass payouts (POST /v1/payout, ' +
    'JWT and a whitelisted IP) are the only programmatic way to send funds back',
  expiresInMinutes:
    'NOWPayments invoices take no lifetime: a payment expires after 7 days ("expired" status), or 20 minutes with is_fixed_rate',
  payCurrencies:
    'NOWPayments invoices fix one pay_currency or leave the choice open on invoice_url; there is no list to restrict it to',
  allowPartialPayment:
    'NOWPayments has no switch to refuse a short payment: it is `partially_paid` and the address keeps taking repeated deposits',
} as const;

/** What NOWPayments supports: create, get (through the payment list), list payments; no cancel. */
export const NOWPAYMENTS_CAPABILITIES: ProviderCapabilities = {
  operations: { createInvoice: true, getInvoice: true, cancelInvoice: false, listInvoices: true },
  requiredFields: [],
  unsupportedFields: ['payCurrencies', 'expiresInMinutes'],
  ignoredFields: ['customer.email', 'customer.reference', 'customer.sender'],
  expiresInMinutes: [],
  amountFractionDigits: {
    max: NOWPAYMENTS_AMOUNT_FRACTION_DIGITS,
    source:
      '[I] inferred: NOWPayments documents price_amount as "the amount ... stated in fiat currency" (examples 1000, ' +
      '3999.5) with no precision; 2 is the minor unit of the fiat currencies it names (USD, EUR, CAD, GBP, AUD, ILS, RON)',
  },
  rejectsDuplicateOrders: false,
};

const refusal = (feature: keyof typeof NOWPAYMENTS_UNSUPPORTED): InvoiceError =>
  unsupported('nowpayments', feature, NOWPAYMENTS_UNSUPPORTED[feature]);

/** Validates a canonical request for NOWPayments: core rules (read once), then the fields it cannot honour. */
export const validateInvoiceRequest = (
  input: unknown,
  rules?: RequestRules,
): E.Either<InvoiceError, ValidInvoiceRequest> => {
  const request = validateCreateInvoiceRequest(
    'nowpayments',
    input,
    NOWPAYMENTS_AMOUNT_FRACTION_DIGITS,
    rules,
  );
  if (E.isLeft(request)) return request;
  const valid = request.right;
  if (valid.payCurrencies !== undefined) return E.left(refusal('payCurrencies'));
  if (valid.expiresInMinutes !== undefined) return E.left(refusal('expiresInMinutes'));
  if (valid.allowPartialPayment === false) return E.left(refusal('allowPartialPayment'));
  return request;
};

/** NOWPayments writes currency tickers in lower case (`usd`, `usdttrc20`); canonical codes are upper case. */
export const wireCurrency = (code: string): string => code.toLowerCase();

/**
 * Maps a validated request to the `POST /v1/invoice` body: `description` (else `title`) becomes
 * `order_description`, `redirectUrls` become `success_url`/`cancel_url`; the IPN URL and the rate options
 * come from the configuration.
 */
export const toWireInvoiceRequest =
  (config: NowpaymentsConfig) =>
  (request: ValidInvoiceRequest): NowpaymentsInvoiceRequest => {
    const body: NowpaymentsInvoiceRequest = {
      price_amount: request.amount,
      price_currency: wireCurrency(request.currency),
      order_id: request.orderId,
    };
    if (request.payCurrency !== undefined) body.pay_currency = wireCurrency(request.payCurrency);
    if (config.ipnCallbackUrl !== undefined) body.ipn_callback_url = config.ipnCallbackUrl;
    const description = request.description ?? request.title;
    if (description !== undefined) body.order_description = description;
    if (request.redirectUrls !== undefined) {
      body.success_url = request.redirectUrls.success;
      body.cancel_url = request.redirectUrls.failure;
    }
    if (config.fixedRate !== undefined) body.is_fixed_rate = config.fixedRate;
    if (config.feePaidByUser !== undefined) body.is_fee_paid_by_user = config.feePaidByUser;
    return body;
  };

const NUMERIC_ID = /^\d{1,20}$/;

/** True for an id as NOWPayments writes invoice and payment ids: digits (`4522625843`). */
export const isNowpaymentsId = (id: string): boolean => NUMERIC_ID.test(id);

/** Reads an `InvoiceRef` once and checks its id is a NOWPayments invoice id before anything is sent. */
export const validateInvoiceRef: (ref: unknown) => E.Either<InvoiceError, ResolvedRef> = readInvoiceRefWithId(
  'nowpayments',
  isNowpaymentsId,
  'must be a NOWPayments invoice id (digits, e.g. 4522625843)',
);

/** The documented `sortBy` values of the payment list. */
export const NowpaymentsSortBy = t.keyof(
  {
    created_at: null,
    payment_id: null,
    payment_status: null,
    pay_address: null,
    price_amount: null,
    price_currency: null,
    pay_amount: null,
    actually_paid: null,
    pay_currency: null,
    order_id: null,
    order_description: null,
    purchase_id: null,
    outcome_amount: null,
    outcome_currency: null,
  },
  'NowpaymentsSortBy',
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

const ValidDate = new t.Type<Date, Date, unknown>(
  'Date',
  (u): u is Date => u instanceof Date && !Number.isNaN(u.getTime()),
  (u, c) =>
    u instanceof Date && !Number.isNaN(u.getTime()) ? t.success(u) : t.failure(u, c, 'must be a valid Date'),
  t.identity,
);

const InvoiceIdText = new t.Type<string, string, unknown>(
  'InvoiceId',
  (u): u is string => typeof u === 'string' && isNowpaymentsId(u),
  (u, c) =>
    typeof u === 'string' && isNowpaymentsId(u.trim())
      ? t.success(u.trim())
      : t.failure(u, c, 'must be a NOWPayments invoice id (digits)'),
  t.identity,
);

/** A payment-list query: every documented parameter, all optional; pages count from 0, `limit` 1..500. */
export const NowpaymentsListQuery = t.partial(
  {
    invoiceId: t.union([InvoiceIdText, t.undefined]),
    page: t.union([wholeNumberIn('Page', 0, Number.MAX_SAFE_INTEGER), t.undefined]),
    limit: t.union([wholeNumberIn('Limit', 1, 500), t.undefined]),
    sortBy: t.union([NowpaymentsSortBy, t.undefined]),
    orderBy: t.union([t.keyof({ asc: null, desc: null }), t.undefined]),
    dateFrom: t.union([ValidDate, t.undefined]),
    dateTo: t.union([ValidDate, t.undefined]),
  },
  'NowpaymentsListQuery',
);
/** A payment-list query. */
export type NowpaymentsListQuery = t.TypeOf<typeof NowpaymentsListQuery>;

/** Page size NOWPayments' own example uses, and the adapter's default. */
export const NOWPAYMENTS_DEFAULT_LIST_LIMIT = 10;

/** Validates a list query read once; anything but a plain object is an `InvalidRequest`. */
export const validateListQuery = (input: unknown): E.Either<InvoiceError, NowpaymentsListQuery> =>
  pipe(
    snapshotInput(input ?? {}),
    E.mapLeft((issue): InvoiceError => invalidRequest('nowpayments', [issue])),
    E.filterOrElseW(isRecord, () =>
      invalidRequest('nowpayments', [{ path: '', message: 'must be a list query object' }]),
    ),
    E.flatMap((query) =>
      pipe(
        NowpaymentsListQuery.decode(query),
        E.mapLeft((errors): InvoiceError => invalidRequest('nowpayments', reportIssues(errors))),
      ),
    ),
  );

/** The query string of `GET /v1/payment/` for a validated query, in the documented parameter names. */
export const toListSearch = (query: NowpaymentsListQuery): string => {
  const search = new URLSearchParams();
  search.set('limit', String(query.limit ?? NOWPAYMENTS_DEFAULT_LIST_LIMIT));
  search.set('page', String(query.page ?? 0));
  search.set('sortBy', query.sortBy ?? 'created_at');
  search.set('orderBy', query.orderBy ?? 'asc');
  if (query.dateFrom !== undefined) search.set('dateFrom', query.dateFrom.toISOString());
  if (query.dateTo !== undefined) search.set('dateTo', query.dateTo.toISOString());
  if (query.invoiceId !== undefined) search.set('invoiceId', query.invoiceId);
  return search.toString();
};

/** The most payments one page may hold (`limit` "from 1 to 500"): getInvoice reads one full page. */
export const NOWPAYMENTS_MAX_LIST_LIMIT = 500;

/** The query that reads the payments made against one invoice, oldest first. */
export const invoicePaymentsQuery = (invoiceId: string): NowpaymentsListQuery => ({
  invoiceId,
  page: 0,
  limit: NOWPAYMENTS_MAX_LIST_LIMIT,
  sortBy: 'created_at',
  orderBy: 'asc',
});
