import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { type InvoiceError } from '@invoicekit/core';
import {
  bodyExcerpt,
  commonHttpError,
  isLosslessNumber,
  isRecord,
  parseResponseBody,
  rejected,
  unauthorized,
  unexpectedResponse,
  wrongBaseUrl,
  type ErrorFromResponse,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { CryptocloudDetail, CryptocloudFailure, CryptocloudSuccess } from './codecs';
import { CRYPTOCLOUD_BASE_URL } from './config';

const AnySuccess = CryptocloudSuccess(t.unknown);

const messageOf = (value: unknown): string | null =>
  typeof value === 'string'
    ? value
    : isLosslessNumber(value)
      ? value.toString()
      : Array.isArray(value)
        ? value
            .map(messageOf)
            .filter((m): m is string => m !== null)
            .join('; ') || null
        : null;

/** The `result` of an error envelope as `{field: message}`; a bare string becomes `{error: message}`. */
export const errorFields = (result: unknown): Record<string, string> =>
  isRecord(result)
    ? Object.fromEntries(
        Object.entries(result).flatMap(([field, value]) => {
          const message = messageOf(value);
          return message === null ? [] : [[field, message]];
        }),
      )
    : typeof result === 'string'
      ? { error: result }
      : {};

const isAuthStatus = (status: number): boolean => status === 401 || status === 403;

const authorizationFailure = (status: number, parsed: unknown): InvoiceError | null => {
  if (CryptocloudDetail.is(parsed)) return unauthorized('cryptocloud', status, 'detail', parsed.detail);
  if (CryptocloudFailure.is(parsed)) {
    const fields = errorFields(parsed.result);
    if (fields.authorization !== undefined) {
      return unauthorized('cryptocloud', status, 'authorization', fields.authorization);
    }
  }
  return null;
};

const errorFromBody =
  (response: HttpResponse) =>
  (parsed: unknown): InvoiceError | null => {
    const auth = authorizationFailure(response.status, parsed);
    if (auth !== null) return auth;
    if (isAuthStatus(response.status)) return unauthorized('cryptocloud', response.status, null);
    if (CryptocloudFailure.is(parsed)) {
      const fields = errorFields(parsed.result);
      const code = fields.validate_error !== undefined ? 'validate_error' : null;
      return rejected('cryptocloud', response.status, code, fields);
    }
    if (AnySuccess.is(parsed) && response.status >= 200 && response.status < 300) return null;
    return unexpectedResponse(
      'cryptocloud',
      response.status,
      [{ path: '', message: 'must be a CryptoCloud envelope {"status":"success"|"error","result":…}' }],
      bodyExcerpt(response.body),
    );
  };

const EXPECTED_BASE_URL = `set baseUrl to the API root, ${CRYPTOCLOUD_BASE_URL} (without /v2), or leave it out`;

// Every endpoint called has a fixed path (ids travel in the body), so a 404 without a CryptoCloud error
// envelope never reached the API: Django REST framework's {"detail":"Not found."}, an HTML page, nothing.
const isRouteMiss = (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): boolean =>
  response.status === 404 && !(E.isRight(parsed) && CryptocloudFailure.is(parsed.right));

const errorOf = (
  now: () => Date,
  response: HttpResponse,
  parse: () => E.Either<InvoiceError, unknown>,
): InvoiceError | null => {
  const common = commonHttpError('cryptocloud', response, response.status === 429 ? now() : undefined);
  if (common !== null) return common;
  const parsed = parse();
  if (isRouteMiss(response, parsed)) return wrongBaseUrl('cryptocloud', response.status, EXPECTED_BASE_URL);
  return pipe(
    parsed,
    E.match(
      (notJson) =>
        isAuthStatus(response.status) ? unauthorized('cryptocloud', response.status, null) : notJson,
      errorFromBody(response),
    ),
  );
};

/**
 * The one status → `InvoiceError` function: null for a success envelope with a 2xx status; 429/5xx
 * first, a 404 without an error envelope as `Rejected` with code `wrong_base_url`, then `detail` or
 * `result.authorization` as `Unauthorized` whatever the other HTTP code, 401/403
 * with any body as `Unauthorized`, other error envelopes as `Rejected`, anything else `UnexpectedResponse`.
 */
export const errorFromResponse =
  (now: () => Date): ErrorFromResponse<unknown> =>
  ({ response }) =>
    errorOf(now, response, () => parseResponseBody('cryptocloud', response));

/** `errorFromResponse` for an answer whose body was already parsed (or found not to be JSON), so it is parsed once. */
export const errorFromParsedResponse =
  (now: () => Date) =>
  (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): InvoiceError | null =>
    errorOf(now, response, () => parsed);
