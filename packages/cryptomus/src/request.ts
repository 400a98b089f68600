import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { type InvoiceError, type Issue, type ProviderCapabilities } from '@invoicekit/core';
import {
  invalidRequest,
  isRecord,
  readInvoiceRef,
  serializeRequest,
  snapshotInput,
  unsupported,
  validateCreateInvoiceRequest,
  type Outgoing,
  type ResolvedRef,
  type ValidInvoiceRequest,
  type RequestRules,
} from '@invoicekit/core/adapter';
import {
  CryptomusListRequest,
  type CryptomusInfoRequest,
  type CryptomusInvoiceRequest,
  type CryptomusListTarget,
} from './codecs';
import type { CryptomusConfig, CryptomusPreset } from './config';

/**
 * The most digits after the point an amount may have. The create page only says "If there are pennies
 * in the amount, then send them with a separator '.'" (doc.cryptomus.com/payments/creating-invoice);
 * every amount the providers send back has 8 decimals ("10.00000000", "Webhook" page), so 8 is the finest
 * amount they keep [I]. More is refused, never rounded.
 */
export const CRYPTOMUS_AMOUNT_FRACTION_DIGITS = 8;

/** The invoice lifetimes the create page documents: `lifetime` from 300 to 43200 seconds, 5 to 720 minutes. */
export const CRYPTOMUS_LIFETIME_MINUTES = { min: 5, max: 720 } as const;

const ORDER_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** What both presets support: create, read and list (no cancel is documented); hints without a slot are ignored. */
export const CRYPTOMUS_CAPABILITIES: ProviderCapabilities = {
  operations: { createInvoice: true, getInvoice: true, cancelInvoice: false, listInvoices: true },
  requiredFields: [],
  unsupportedFields: [],
  // The create page has no title, description, e-mail or customer fields (`additional_data` is the merchant's own).
  ignoredFields: ['title', 'description', 'customer.email', 'customer.reference', 'customer.sender'],
  expiresInMinutes: 'any',
  amountFractionDigits: {
    max: CRYPTOMUS_AMOUNT_FRACTION_DIGITS,
    source:
      '[I] the create page asks for amounts with a "." separator and gives no precision; the providers write every ' +
      'amount with 8 decimals (doc.cryptomus.com/payments/webhook, e.g. "10.00000000")',
  },
  // "When we find an existing invoice with order_id, we return its details, a new invoice will not be created."
  rejectsDuplicateOrders: true,
};

/** Why cancelling is `Unsupported`: no preset documents an endpoint for it. */
export const CRYPTOMUS_CANCEL_SOURCE =
  'neither doc.cryptomus.com nor doc.heleket.com documents a cancel endpoint (the payments section lists create, ' +
  'information, resend webhook, testing webhook, services, history, refund); an invoice ends at its lifetime ' +
  'with status `cancel`';

/** Refuses `cancelInvoice` with `Unsupported`, before any request. */
export const unsupportedCancel = (provider: CryptomusPreset) => (): TE.TaskEither<InvoiceError, never> =>
  TE.left(unsupported(provider, 'cancelInvoice', `${provider}: ${CRYPTOMUS_CANCEL_SOURCE}`));

const lifetimeIssues = (minutes: number | undefined): Issue[] =>
  minutes === undefined ||
  (minutes >= CRYPTOMUS_LIFETIME_MINUTES.min && minutes <= CRYPTOMUS_LIFETIME_MINUTES.max)
    ? []
    : [
        {
          path: 'expiresInMinutes',
          message: `must be from ${CRYPTOMUS_LIFETIME_MINUTES.min} to ${CRYPTOMUS_LIFETIME_MINUTES.max} (lifetime 300 to 43200 seconds)`,
        },
      ];

const URL_LENGTH = { min: 6, max: 255 } as const;

const urlIssues = (request: ValidInvoiceRequest): Issue[] =>
  (['success', 'failure'] as const).flatMap((which) => {
    const url = request.redirectUrls?.[which];
    return url === undefined || (url.length >= URL_LENGTH.min && url.length <= URL_LENGTH.max)
      ? []
      : [
          {
            path: `redirectUrls.${which}`,
            message: `must be ${URL_LENGTH.min} to ${URL_LENGTH.max} characters`,
          },
        ];
  });

const orderIdIssues = (orderId: string): Issue[] =>
  ORDER_ID.test(orderId)
    ? []
    : [{ path: 'orderId', message: 'must be 1 to 128 letters, digits, "_" or "-" (order_id is alpha_dash)' }];

/** Validates a snapshot of canonical input, then the documented limits of `order_id`, `lifetime` and the URLs. */
export const validateInvoiceRequest =
  (provider: CryptomusPreset, rules?: RequestRules) =>
  (input: unknown): E.Either<InvoiceError, ValidInvoiceRequest> => {
    const validated = validateCreateInvoiceRequest(provider, input, CRYPTOMUS_AMOUNT_FRACTION_DIGITS, rules);
    if (E.isLeft(validated)) return validated;
    const request = validated.right;
    const issues = [
      ...orderIdIssues(request.orderId),
      ...lifetimeIssues(request.expiresInMinutes),
      ...urlIssues(request),
    ];
    return issues.length > 0 ? E.left(invalidRequest(provider, issues)) : validated;
  };

/**
 * Maps a valid request to the create body: `payCurrency` is `to_currency`, `payCurrencies` the
 * `currencies` offered, `redirectUrls` `url_success` and `url_return` (the page's "return to the store"
 * button), `allowPartialPayment` `is_payment_multiple`, and the configured `callbackUrl` `url_callback`.
 */
export const toWireInvoiceRequest =
  (config: CryptomusConfig) =>
  (request: ValidInvoiceRequest): CryptomusInvoiceRequest => {
    const body: CryptomusInvoiceRequest = {
      amount: request.amount,
      currency: request.currency,
      order_id: request.orderId,
    };
    if (request.expiresInMinutes !== undefined) body.lifetime = request.expiresInMinutes * 60;
    if (config.callbackUrl !== undefined) body.url_callback = config.callbackUrl;
    if (request.redirectUrls !== undefined) {
      body.url_return = request.redirectUrls.failure;
      body.url_success = request.redirectUrls.success;
    }
    if (request.payCurrency !== undefined) body.to_currency = request.payCurrency;
    if (request.payCurrencies !== undefined) {
      body.currencies = request.payCurrencies.map((currency) => ({ currency }));
    }
    if (request.allowPartialPayment !== undefined) body.is_payment_multiple = request.allowPartialPayment;
    return body;
  };

const INVOICE_UUID = /^[A-Za-z0-9-]{1,64}$/;

/** Reads an `InvoiceRef` once and checks its id is a uuid-like text before anything is sent. */
export const validateInvoiceRef =
  (provider: CryptomusPreset) =>
  (ref: unknown): E.Either<InvoiceError, ResolvedRef> =>
    pipe(
      readInvoiceRef(provider, ref),
      E.filterOrElseW(
        (resolved) => INVOICE_UUID.test(resolved.id),
        () => invalidRequest(provider, [{ path: 'id', message: 'must be the invoice uuid' }]),
      ),
    );

/** The info body for one invoice, named by its uuid. */
export const toWireInfoRequest = (ref: ResolvedRef): CryptomusInfoRequest => ({ uuid: ref.id });

/** A history query: an optional period and the cursor of the page to read (from a previous page). */
export interface CryptomusListQueryInput {
  readonly from?: Date;
  readonly to?: Date;
  readonly cursor?: string;
}

const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;

// [I] Both providers write their times in UTC+3 ("2026-05-20T10:00:00+03:00" in Heleket's PHP SDK
// fixtures); `date_from`/`date_to` have no zone, so they are written in that offset.
const toListDate = (date: Date): string =>
  new Date(date.getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

const isDate = (u: unknown): u is Date => u instanceof Date && !Number.isNaN(u.getTime());

const CURSOR = /^[A-Za-z0-9_=-]{1,512}$/;

const queryIssues = (query: Record<string, unknown>): Issue[] => [
  ...Object.keys(query)
    .filter((key) => !['from', 'to', 'cursor'].includes(key))
    .map((key) => ({ path: key, message: 'is not a list query field (from, to, cursor)' })),
  ...(['from', 'to'] as const).flatMap((key) =>
    query[key] === undefined || isDate(query[key]) ? [] : [{ path: key, message: 'must be a valid Date' }],
  ),
  ...(query.cursor === undefined || (typeof query.cursor === 'string' && CURSOR.test(query.cursor))
    ? []
    : [{ path: 'cursor', message: 'must be the nextCursor or previousCursor of a page' }]),
];

/** Validates a history query read once: real dates with `from` ≤ `to`, and a cursor as the provider gave it. */
export const validateListQuery =
  (provider: CryptomusPreset) =>
  (input: unknown): E.Either<InvoiceError, CryptomusListTarget> => {
    const snapshot = snapshotInput(input ?? {});
    if (E.isLeft(snapshot)) return E.left(invalidRequest(provider, [snapshot.left]));
    const query = snapshot.right;
    if (!isRecord(query)) {
      return E.left(
        invalidRequest(provider, [{ path: '', message: 'must be a list query { from?, to?, cursor? }' }]),
      );
    }
    const issues = queryIssues(query);
    const { from, to, cursor } = query as CryptomusListQueryInput;
    if (issues.length === 0 && from !== undefined && to !== undefined && from.getTime() > to.getTime()) {
      issues.push({ path: 'to', message: 'must not be before from' });
    }
    if (issues.length > 0) return E.left(invalidRequest(provider, issues));
    const target: { date_from?: string; date_to?: string; cursor?: string } = {};
    if (from !== undefined) target.date_from = toListDate(from);
    if (to !== undefined) target.date_to = toListDate(to);
    if (cursor !== undefined) target.cursor = cursor;
    return E.right(target);
  };

/**
 * The list request: its body holds the period only, and a call without one sends and signs the empty
 * body. The docs say "If the request doesn't require passing parameters in the body, then form a
 * signature for an empty string" (request-format page); Cryptomus' curl example sends `{}` and its PHP
 * SDK `[]` instead, so invoicekit follows the documented text and sends nothing.
 */
export const serializeListRequest = (target: CryptomusListTarget): Outgoing<CryptomusListTarget> => {
  const body: CryptomusListRequest = {};
  if (target.date_from !== undefined) body.date_from = target.date_from;
  if (target.date_to !== undefined) body.date_to = target.date_to;
  return {
    wire: target,
    body: Object.keys(body).length === 0 ? '' : serializeRequest(CryptomusListRequest)(body).body,
  };
};
