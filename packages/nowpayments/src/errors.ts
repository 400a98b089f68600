import * as E from 'fp-ts/Either';
import { type InvoiceError } from '@invoicekit/core';
import {
  bodyExcerpt,
  commonHttpError,
  decodeCompiled,
  rejected,
  unauthorized,
  unexpectedResponse,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { NowpaymentsError } from './codecs';

const decodeError = decodeCompiled(NowpaymentsError);

const isAuthStatus = (status: number): boolean => status === 401 || status === 403;

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
 * 429/5xx first, then 401/403 with any body as `Unauthorized` (its `code`, e.g. `INVALID_API_KEY`), other
 * 4xx with NOWPayments' `{code, message}` as `Rejected` carrying the provider's own text (a price under
 * the minimum is `AMOUNT_MINIMAL_ERROR`), anything else `UnexpectedResponse`.
 */
export const errorFromResponse =
  (now: () => Date) =>
  (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): InvoiceError | null => {
    const common = commonHttpError('nowpayments', response, response.status === 429 ? now() : undefined);
    if (common !== null) return common;
    if (response.status >= 200 && response.status < 300) return null;
    if (E.isLeft(parsed))
      return isAuthStatus(response.status) ? unauthorized('nowpayments', response.status, null) : parsed.left;
    return errorFromBody(response, parsed.right);
  };
