import * as E from 'fp-ts/Either';
import type { InvoiceError, ProviderId } from '@invoicekit/core';
import {
  bodyExcerpt,
  commonHttpError,
  isLosslessNumber,
  isRecord,
  notFound,
  parseResponseBody,
  rejected,
  unauthorized,
  unexpectedResponse,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { CryptomusFailure } from './codecs';

/** The operations that send a request. */
export type CryptomusOperation = 'createInvoice' | 'getInvoice' | 'listInvoices';

/** `Rejected.code` for a Laravel validation answer (`errors` per field; Heleket PHP SDK `ValidationException`). */
export const VALIDATION_CODE = 'validation';

const isSuccessState = (state: unknown): boolean =>
  state === 0 || (isLosslessNumber(state) && Number(state.value) === 0);

const textOf = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Array.isArray(value)
      ? value
          .map(textOf)
          .filter((text) => text !== '')
          .join(' ')
      : '';

const fieldsOf = (errors: CryptomusFailure['errors']): Record<string, string> =>
  Object.fromEntries(Object.entries(errors ?? {}).map(([field, reason]) => [field, textOf(reason)]));

const detailOf = (message: string | undefined): string | undefined =>
  message === undefined || message.trim() === '' ? undefined : bodyExcerpt(message);

const undecodable = (provider: ProviderId, response: HttpResponse, message: string): InvoiceError =>
  unexpectedResponse(provider, response.status, [{ path: '', message }], bodyExcerpt(response.body));

const isSuccessEnvelope = (body: unknown): boolean =>
  isRecord(body) && isSuccessState(body.state) && body.result !== undefined;

/** A refusal body (`state` ≠ 0 with `message` or `errors`), or null for any other shape. */
const refusal = (body: unknown): CryptomusFailure | null =>
  isRecord(body) &&
  !isSuccessState(body.state) &&
  CryptomusFailure.is(body) &&
  (body.message !== undefined || body.errors !== undefined)
    ? body
    : null;

const refusalError = (provider: ProviderId, status: number, body: CryptomusFailure): InvoiceError => {
  const fields = fieldsOf(body.errors);
  return rejected(
    provider,
    status,
    body.errors === undefined ? null : VALIDATION_CODE,
    fields,
    Object.keys(fields).length > 0 ? undefined : detailOf(body.message),
  );
};

/**
 * The one status → `InvoiceError` function: null for a 2xx `{"state":0,"result":…}`; 429/5xx as
 * everywhere; 401/403 `Unauthorized` whatever the body; a read's 404 `NotFound`; a refusal envelope
 * (`state` ≠ 0 with `message` or `errors`, on any other status) `Rejected`; anything else `UnexpectedResponse`.
 */
export const errorFromResponse =
  (provider: ProviderId, now: () => Date, operation: CryptomusOperation, id: string | null = null) =>
  (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): InvoiceError | null => {
    const common = commonHttpError(provider, response, now());
    if (common !== null) return common;
    const body = E.isRight(parsed) ? parsed.right : undefined;
    const failure = refusal(body);
    if (response.status === 401 || response.status === 403) {
      return unauthorized(provider, response.status, null, detailOf(failure?.message));
    }
    if (response.status === 404 && operation === 'getInvoice' && id !== null) {
      return notFound(provider, response.status, id);
    }
    if (failure !== null) return refusalError(provider, response.status, failure);
    if (E.isLeft(parsed)) return parsed.left;
    if (response.status >= 200 && response.status < 300 && isSuccessEnvelope(body)) return null;
    return undecodable(
      provider,
      response,
      `HTTP ${response.status} with a body that is not a {"state":0,"result":…} answer or a documented refusal`,
    );
  };

/** Parses an answer once and classifies it; the parsed body of a success, or the error it carries. */
export const readAnswer =
  (provider: ProviderId, now: () => Date, operation: CryptomusOperation, id: string | null = null) =>
  (response: HttpResponse): E.Either<InvoiceError, unknown> => {
    const parsed = parseResponseBody(provider, response);
    const error = errorFromResponse(provider, now, operation, id)(response, parsed);
    return error !== null ? E.left(error) : parsed;
  };
