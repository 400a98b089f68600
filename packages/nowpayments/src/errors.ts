import * as E from 'fp-ts/Either';
import { type InvoiceError } from '@invoicekit/core';
import {
  bodyExcerpt,
  commonHttpError,
  decodeCompiled,
  rejected,
  unauthorized,
  unexpectedResponse,
  wrongBaseUrl,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { NowpaymentsError } from './codecs';
import { NOWPAYMENTS_BASE_URLS } from './config';

const decodeError = decodeCompiled(NowpaymentsError);

const isAuthStatus = (status: number): boolean => status === 401 || status === 403;

const EXPECTED_BASE_URL = `set baseUrl to the API root ending in /v1, like ${NOWPAYMENTS_BASE_URLS.production} (sandbox: ${NOWPAYMENTS_BASE_URLS.sandbox}), or leave it out`;

// A 404 is NOWPayments' own only with its error body and a code naming what is missing (PAYMENT_NOT_FOUND);
// anything else (a framework's {"message":"Route … not found"}, a bare NOT_FOUND, HTML) never reached an endpoint.
const isRouteMiss = (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): boolean => {
  if (response.status !== 404) return false;
  const decoded = E.isRight(parsed) ? decodeError(parsed.right) : parsed;
  const code = E.isRight(decoded) ? decoded.right.code : undefined;
  return (code ?? 'NOT_FOUND') === 'NOT_FOUND';
};

const errorFields = (error: NowpaymentsError): Record<string, string> => ({ message: error.message });

const errorFromBody = (response: HttpResponse, parsed: unknown): InvoiceError => {
  const decoded = decodeError(parsed);
  const body = E.isRight(decoded) ? decoded.right : null;
  if (isAuthStatus(response.status)) {
    return unauthorized('nowpayments', response.status, body?.code ?? null, body?.message);
  }
  if (body !== null && response.status >= 400 && response.status < 500) {
    return rejected('nowpayments', response.status, body.code ?? null, errorFields(body), body.message);
  }
  return unexpectedResponse(
    'nowpayments',
    response.status,
    [
      {
        path: '',
        message: 'must be a NOWPayments answer, or its error {status: false, statusCode, code, message}',
      },
    ],
    bodyExcerpt(response.body),
  );
};

/**
 * The one status → `InvoiceError` function: null for a 2xx answer (its body is decoded by the caller);
 * 429/5xx first, a 404 that is not NOWPayments' own (`PAYMENT_NOT_FOUND`) as `Rejected` with code
 * `wrong_base_url`, then 401/403 with any body as `Unauthorized` (its `code`, e.g. `INVALID_API_KEY`), other
 * 4xx with NOWPayments' `{code, message}` as `Rejected` carrying the provider's own text (a price under
 * the minimum is `AMOUNT_MINIMAL_ERROR`), anything else `UnexpectedResponse`.
 */
export const errorFromResponse =
  (now: () => Date) =>
  (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): InvoiceError | null => {
    const common = commonHttpError('nowpayments', response, response.status === 429 ? now() : undefined);
    if (common !== null) return common;
    if (response.status >= 200 && response.status < 300) return null;
    if (isRouteMiss(response, parsed)) return wrongBaseUrl('nowpayments', response.status, EXPECTED_BASE_URL);
    if (E.isLeft(parsed))
      return isAuthStatus(response.status) ? unauthorized('nowpayments', response.status, null) : parsed.left;
    return errorFromBody(response, parsed.right);
  };
