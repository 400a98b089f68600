import { pipe } from 'fp-ts/function';
import * as O from 'fp-ts/Option';
import { type InvoiceError } from '@invoicekit/core';
import {
  bodyExcerpt,
  commonHttpError,
  duplicateOrder,
  notFound,
  parseJsonLossless,
  rejected,
  unauthorized,
  unexpectedResponse,
  wrongBaseUrl,
  type Exchange,
  type HttpResponse,
} from '@invoicekit/core/adapter';
import {
  CoinspaidCodedError,
  CoinspaidFieldErrors,
  CoinspaidMessageError,
  CoinspaidNestedCodedError,
  type CoinspaidCancelTarget,
} from './codecs';
import { COINSPAID_BASE_URLS, type CoinspaidPreset } from './config';
import { KEY_HEADER, SIGNATURE_HEADER } from './auth';

/** `Rejected.code` for `{"message":"Required features [...] not enabled."}`, which carries no code itself. */
export const FEATURE_DISABLED_CODE = 'feature_disabled';

/** Fastify's own 404 (fastify lib/fourOhFour.js: `Route ${method}:${url} not found`): no platform route answered. */
const ROUTE_MISS_TEXT = /^Route [A-Z]+:\S* not found$/;

const DUPLICATE_TEXT = /already|taken|exists|duplicate|unique/i;
const FEATURE_TEXT = /features?\b.*\bnot enabled/i;

/** The operations that send a request; each reads its answer's status the same way, but for these rules. */
export type CoinspaidOperation = 'createInvoice' | 'cancelInvoice';

/** An exchange of either operation: both name the merchant's `foreign_id` (create in its body, cancel in its path). */
type CoinspaidSent = Exchange<CoinspaidCancelTarget>;

const IS_SUCCESS: Readonly<Record<CoinspaidOperation, (status: number) => boolean>> = {
  createInvoice: (status) => status === 200 || status === 201,
  // Documented only as "OK": any 2xx; decodeCancelResponse decides whether its body reads as a success.
  cancelInvoice: (status) => status >= 200 && status < 300,
};

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

/** Where a platform `baseUrl` should point: the API root ending in /api/v2. */
const expectedBaseUrl = (provider: CoinspaidPreset): string => {
  const { production, sandbox } = COINSPAID_BASE_URLS[provider];
  return `set baseUrl to the API root ending in /api/v2, like ${production} (sandbox: ${sandbox}), or leave it out`;
};

// docs.cryptoprocessing.com/api-reference/errors: a wrong URL is answered `required_header_key`.
const headerMissingHint = (provider: CoinspaidPreset): string =>
  `invoicekit always sends ${KEY_HEADER} and ${SIGNATURE_HEADER}, and the platform answers this for a URL it does not have, so baseUrl is likely wrong (or a proxy dropped the headers): ${expectedBaseUrl(provider)}`;

const authError = (provider: CoinspaidPreset, response: HttpResponse): InvoiceError =>
  pipe(
    parseErrorBody(response),
    O.flatMap((body) => O.fromEither(CoinspaidCodedError.decode(body))),
    O.match(
      () => unauthorized(provider, response.status, null),
      (body) =>
        unauthorized(
          provider,
          response.status,
          body.code,
          body.code.startsWith('required_header_')
            ? `${detailOf(body.error) ?? body.code}; ${headerMissingHint(provider)}`
            : detailOf(body.error),
        ),
    ),
  );

const isRouteMiss = (response: HttpResponse): boolean =>
  pipe(
    parseErrorBody(response),
    O.exists((body) => CoinspaidMessageError.is(body) && ROUTE_MISS_TEXT.test(body.message)),
  );

const refusal = (
  provider: CoinspaidPreset,
  exchange: CoinspaidSent,
  body: unknown,
): O.Option<InvoiceError> => {
  const { status } = exchange.response;
  if (CoinspaidNestedCodedError.is(body)) {
    return O.some(rejected(provider, status, body.errors.code, {}, detailOf(body.errors.error)));
  }
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

const undecodableError = (provider: CoinspaidPreset, response: HttpResponse): InvoiceError =>
  unexpectedResponse(
    provider,
    response.status,
    [{ path: '', message: `HTTP ${response.status} with a body that is not a documented error` }],
    bodyExcerpt(response.body),
  );

/**
 * The one status → `InvoiceError` function: null for a success (200/201 for create, any 2xx for
 * cancel); 429/5xx as everywhere, 401/403 by code, a cancel's 404 `NotFound`, a create's 404 (or a
 * framework's route miss) `Rejected` with code `wrong_base_url`, 4xx by body keys
 * (a cancel refused in the invoice's state is `Rejected` with code `invalid_invoice_state`), anything
 * else `UnexpectedResponse`.
 */
export const errorFromResponse =
  (provider: CoinspaidPreset, now: () => Date, operation: CoinspaidOperation) =>
  (exchange: CoinspaidSent): InvoiceError | null => {
    const { response } = exchange;
    if (IS_SUCCESS[operation](response.status)) return null;
    const common = commonHttpError(provider, response, now());
    if (common !== null) return common;
    if (response.status === 401 || response.status === 403) return authError(provider, response);
    // The platform answers a wrong path 403 (see headerMissingHint), so a cancel's 404 names the foreign_id
    // unless a web framework answered it; the create endpoint always exists, so its 404 is a wrong baseUrl.
    if (response.status === 404) {
      return operation === 'createInvoice' || isRouteMiss(response)
        ? wrongBaseUrl(provider, response.status, expectedBaseUrl(provider))
        : notFound(provider, response.status, exchange.request.wire.foreign_id);
    }
    return pipe(
      response.status >= 400 && response.status < 500 ? parseErrorBody(response) : O.none,
      O.flatMap((body) => refusal(provider, exchange, body)),
      O.getOrElse(() => undecodableError(provider, response)),
    );
  };
