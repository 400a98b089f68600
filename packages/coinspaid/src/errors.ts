import { pipe } from 'fp-ts/function';
import * as O from 'fp-ts/Option';
import { type InvoiceError, type ProviderId } from '@invoicekit/core';
import {
  bodyExcerpt,
  commonHttpError,
  duplicateOrder,
  parseJsonLossless,
  rejected,
  unauthorized,
  unexpectedResponse,
  type Exchange,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import {
  CoinspaidCodedError,
  CoinspaidFieldErrors,
  CoinspaidMessageError,
  type CoinspaidInvoiceRequest,
} from './codecs';

/** `Rejected.code` for `{"message":"Required features [...] not enabled."}`, which carries no code itself. */
export const FEATURE_DISABLED_CODE = 'feature_disabled';

const DUPLICATE_TEXT = /already|taken|exists|duplicate|unique/i;
const FEATURE_TEXT = /features?\b.*\bnot enabled/i;

type CoinspaidSent = Exchange<Pick<CoinspaidInvoiceRequest, 'foreign_id'>>;

const isSuccessStatus = (status: number): boolean => status === 200 || status === 201;

const parseErrorBody = (response: HttpResponse): O.Option<unknown> =>
  pipe(parseJsonLossless(response.body), O.fromEither);

const detailOf = (text: string | undefined): string | undefined =>
  text === undefined || text.trim() === '' ? undefined : bodyExcerpt(text);

const flattenFields = (errors: CoinspaidFieldErrors['errors']): Record<string, string> =>
  Object.fromEntries(
    Object.entries(errors).map(([field, reason]) => [
      field,
      Array.isArray(reason) ? reason.join(' ') : reason,
    ]),
  );

const authError = (provider: ProviderId, response: HttpResponse): InvoiceError =>
  pipe(
    parseErrorBody(response),
    O.flatMap((body) => O.fromEither(CoinspaidCodedError.decode(body))),
    O.match(
      () => unauthorized(provider, response.status, null),
      (body) => unauthorized(provider, response.status, body.code, detailOf(body.error)),
    ),
  );

const refusal = (provider: ProviderId, exchange: CoinspaidSent, body: unknown): O.Option<InvoiceError> => {
  const { status } = exchange.response;
  if (CoinspaidFieldErrors.is(body)) {
    const fields = flattenFields(body.errors);
    const foreignId = fields['foreign_id'];
    return O.some(
      foreignId !== undefined && DUPLICATE_TEXT.test(foreignId)
        ? duplicateOrder(provider, status, exchange.request.wire.foreign_id)
        : rejected(provider, status, null, fields),
    );
  }
  if (CoinspaidCodedError.is(body)) {
    return O.some(rejected(provider, status, body.code, {}, detailOf(body.error)));
  }
  if (CoinspaidMessageError.is(body)) {
    const code = FEATURE_TEXT.test(body.message) ? FEATURE_DISABLED_CODE : null;
    return O.some(rejected(provider, status, code, {}, detailOf(body.message)));
  }
  return O.none;
};

const undecodableError = (provider: ProviderId, response: HttpResponse): InvoiceError =>
  unexpectedResponse(
    provider,
    response.status,
    [{ path: '', message: `HTTP ${response.status} with a body that is not a documented error` }],
    bodyExcerpt(response.body),
  );

/**
 * The one status → `InvoiceError` function: null for a 200/201 answer; 429/5xx as everywhere,
 * 401/403 by code, 4xx by body keys, anything else `UnexpectedResponse`.
 */
export const errorFromResponse =
  (provider: ProviderId, now: () => Date) =>
  (exchange: CoinspaidSent): InvoiceError | null => {
    const { response } = exchange;
    if (isSuccessStatus(response.status)) return null;
    const common = commonHttpError(provider, response, now());
    if (common !== null) return common;
    if (response.status === 401 || response.status === 403) return authError(provider, response);
    return pipe(
      response.status >= 400 && response.status < 500 ? parseErrorBody(response) : O.none,
      O.flatMap((body) => refusal(provider, exchange, body)),
      O.getOrElse(() => undecodableError(provider, response)),
    );
  };
