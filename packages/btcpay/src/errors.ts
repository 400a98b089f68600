import * as E from 'fp-ts/Either';
import { type InvoiceError } from '@invoicekit/core';
import {
  bodyExcerpt,
  commonHttpError,
  notFound,
  rejected,
  unauthorized,
  unexpectedResponse,
  wrongBaseUrl,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { BtcpayProblem, BtcpayValidationProblems } from './codecs';

/** The `ProblemDetails.code` BTCPay answers for an unknown invoice (`CreateAPIError(404, "invoice-not-found", …)`). */
export const INVOICE_NOT_FOUND = 'invoice-not-found';

/** The code `Rejected` carries for a `ValidationProblemDetails` array. */
export const VALIDATION_CODE = 'validation';

/**
 * A validation array as `{path: message}`; messages for the same path are joined with `; `. A
 * missing path is `request`.
 */
export const validationFields = (problems: BtcpayValidationProblems): Record<string, string> => {
  const fields = new Map<string, string>();
  for (const { path, message } of problems) {
    const key = path === null || path.trim() === '' ? 'request' : path;
    const known = fields.get(key);
    fields.set(key, known === undefined ? message : `${known}; ${message}`);
  }
  return Object.fromEntries(fields);
};

const isAuthStatus = (status: number): boolean => status === 401 || status === 403;

const EXPECTED_BASE_URL =
  "set baseUrl to your BTCPay Server's root, like https://your-btcpay.example, without /api/v1";

// Greenfield names the missing resource in the code of every 404 it sends (CreateAPIError(404,
// "invoice-not-found", …), "store-not-found", …); any other 404 never reached a Greenfield route.
const RESOURCE_NOT_FOUND = /^[a-z]+(?:-[a-z]+)*-not-found$/;

const isRouteMiss = (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): boolean =>
  response.status === 404 &&
  !(E.isRight(parsed) && BtcpayProblem.is(parsed.right) && RESOURCE_NOT_FOUND.test(parsed.right.code));

const fromBody = (response: HttpResponse, parsed: unknown, invoiceId: string | null): InvoiceError => {
  const { status } = response;
  if (BtcpayProblem.is(parsed)) {
    const message = parsed.message ?? undefined;
    if (isAuthStatus(status)) return unauthorized('btcpay', status, parsed.code, message);
    if (status === 404 && invoiceId !== null && parsed.code === INVOICE_NOT_FOUND) {
      return notFound('btcpay', status, invoiceId);
    }
    return rejected('btcpay', status, parsed.code, {}, message);
  }
  if (isAuthStatus(status)) return unauthorized('btcpay', status, null);
  // Documented as 400, answered 422 by the server (CreateValidationError → UnprocessableEntity): the body decides.
  if ((status === 400 || status === 422) && BtcpayValidationProblems.is(parsed)) {
    return rejected('btcpay', status, VALIDATION_CODE, validationFields(parsed));
  }
  return unexpectedResponse(
    'btcpay',
    status,
    [
      {
        path: '',
        message: 'must be a BTCPay error body: ProblemDetails {code, message} or a validation array',
      },
    ],
    bodyExcerpt(response.body),
  );
};

/**
 * The one status → `InvoiceError` function: null for a 2xx answer; 429/5xx first; 401/403 as
 * `Unauthorized` whatever the body; `invoice-not-found` on an invoice as `NotFound`; a 404 without a
 * Greenfield `…-not-found` code as `Rejected` with code `wrong_base_url`; `ProblemDetails` as `Rejected`
 * with its `code` and message; a validation array (400 or 422) as `Rejected` keeping each field's
 * message; anything else `UnexpectedResponse`. `invoiceId` names the invoice the call was about.
 */
export const errorFromResponse =
  (now: () => Date) =>
  (
    response: HttpResponse,
    parsed: E.Either<InvoiceError, unknown>,
    invoiceId: string | null,
  ): InvoiceError | null => {
    if (response.status >= 200 && response.status < 300) return null;
    const common = commonHttpError('btcpay', response, response.status === 429 ? now() : undefined);
    if (common !== null) return common;
    if (isRouteMiss(response, parsed)) return wrongBaseUrl('btcpay', response.status, EXPECTED_BASE_URL);
    if (E.isLeft(parsed)) {
      return isAuthStatus(response.status) ? unauthorized('btcpay', response.status, null) : parsed.left;
    }
    return fromBody(response, parsed.right, invoiceId);
  };
