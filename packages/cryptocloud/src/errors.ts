import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
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
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { CryptocloudDetail, CryptocloudFailure, CryptocloudSuccess } from './codecs';

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

const classifyParsed =
  (response: HttpResponse) =>
  (parsed: unknown): E.Either<InvoiceError, unknown> => {
    const auth = authorizationFailure(response.status, parsed);
    if (auth !== null) return E.left(auth);
    if (response.status === 401 || response.status === 403) {
      return E.left(unauthorized('cryptocloud', response.status, null));
    }
    if (CryptocloudFailure.is(parsed)) {
      const fields = errorFields(parsed.result);
      const code = fields.validate_error !== undefined ? 'validate_error' : null;
      return E.left(rejected('cryptocloud', response.status, code, fields));
    }
    if (CryptocloudSuccess.is(parsed) && response.status >= 200 && response.status < 300) {
      return E.right(parsed.result);
    }
    return E.left(
      unexpectedResponse(
        'cryptocloud',
        response.status,
        [{ path: '', message: 'must be a CryptoCloud envelope {"status":"success"|"error","result":…}' }],
        bodyExcerpt(response.body),
      ),
    );
  };

/**
 * Classifies an HTTP answer into the `result` of a success envelope or an `InvoiceError`:
 * 429/5xx first, then `detail` or `result.authorization` as `Unauthorized` whatever the HTTP code,
 * 401/403 with any body as `Unauthorized`, other error envelopes as `Rejected`.
 */
export const classifyResponse =
  (now: () => Date) =>
  (response: HttpResponse): E.Either<InvoiceError, unknown> => {
    const common = commonHttpError('cryptocloud', response, now());
    if (common !== null) return E.left(common);
    return pipe(
      parseResponseBody('cryptocloud', response),
      E.orElse((notJson) =>
        response.status === 401 || response.status === 403
          ? E.left<InvoiceError, unknown>(unauthorized('cryptocloud', response.status, null))
          : E.left(notJson),
      ),
      E.flatMap(classifyParsed(response)),
    );
  };
