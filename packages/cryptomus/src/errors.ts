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
  wrongBaseUrl,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import { CryptomusFailure } from './codecs';
import { CRYPTOMUS_BASE_URLS, type CryptomusPreset } from './config';

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

const expectedBaseUrl = (provider: CryptomusPreset): string =>
  `set baseUrl to the API root without /v1, like ${CRYPTOMUS_BASE_URLS[provider]} (or an emulator's root), or leave it out`;

// Every endpoint called has a fixed path (the uuid travels in the body): a 404 of a create or a list never
// reached the API; one of a read is the API's "no such invoice" only with its refusal envelope.
const isRouteMiss = (
  operation: CryptomusOperation,
  status: number,
  failure: CryptomusFailure | null,
): boolean => status === 404 && (operation !== 'getInvoice' || failure === null);

/**
 * The one status → `InvoiceError` function: null for a 2xx `{"state":0,"result":…}`; 429/5xx as
 * everywhere; 401/403 `Unauthorized` whatever the body; a read's 404 with a refusal envelope `NotFound`,
 * any other 404 `Rejected` with code `wrong_base_url`; a refusal envelope
 * (`state` ≠ 0 with `message` or `errors`, on any other status) `Rejected`; anything else `UnexpectedResponse`.
 */
export const errorFromResponse =
  (provider: CryptomusPreset, now: () => Date, operation: CryptomusOperation, id: string | null = null) =>
  (response: HttpResponse, parsed: E.Either<InvoiceError, unknown>): InvoiceError | null => {
    const common = commonHttpError(provider, response, now());
    if (common !== null) return common;
    const body = E.isRight(parsed) ? parsed.right : undefined;
    const failure = refusal(body);
    if (response.status === 401 || response.status === 403) {
      return unauthorized(provider, response.status, null, detailOf(failure?.message));
    }
    if (isRouteMiss(operation, response.status, failure)) {
      return wrongBaseUrl(provider, response.status, expectedBaseUrl(provider));
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
  (provider: CryptomusPreset, now: () => Date, operation: CryptomusOperation, id: string | null = null) =>
  (response: HttpResponse): E.Either<InvoiceError, unknown> => {
    const parsed = parseResponseBody(provider, response);
    const error = errorFromResponse(provider, now, operation, id)(response, parsed);
    return error !== null ? E.left(error) : parsed;
  };
