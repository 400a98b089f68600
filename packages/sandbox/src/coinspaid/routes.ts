import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import type { EngineContext } from '../engine';
import { isJsonRequest, rawBody } from '../http';
import { readJson } from '../json';
import { isRecord } from '../validation';
import { checkCoinspaidAuth, COINSPAID_AUTH_ERRORS } from './auth';
import { coinspaidCreateResponse, type CoinspaidInvoice } from './invoice';
import type { CoinspaidFamilyCredentials, CoinspaidFamilyId, CoinspaidKeys } from './settings';
import { laravelAttribute, validateCoinspaidCreate, type CoinspaidCreate } from './validate';

/** Why a cancel was refused: no invoice with that foreign_id, or one no longer created, pending or processing. */
export type CoinspaidCancelRefusal = 'not_found' | 'invalid_state';

/** What the platform's HTTP routes need from the engine. */
export interface CoinspaidRouteDeps {
  readonly provider: CoinspaidFamilyId;
  readonly intercept: EngineContext<CoinspaidFamilyCredentials>['intercept'];
  readonly keys: () => CoinspaidKeys;
  /** The address of the hosted page with this code. */
  readonly pageUrl: (code: string) => string;
  readonly isTaken: (foreignId: string) => boolean;
  readonly create: (request: CoinspaidCreate) => CoinspaidInvoice;
  readonly cancel: (foreignId: string) => E.Either<CoinspaidCancelRefusal, CoinspaidInvoice>;
}

/** The documented 400 body for invalid JSON or a missing `Content-Type: application/json` (docs.cryptoprocessing.com/api-reference/errors). */
export const BAD_CONTENT_FORMAT = { error: 'Bad content format', code: 'bad_content_format' } as const;

/**
 * The documented refusal of a cancel in the invoice's state
 * (docs.cryptoprocessing.com/api-reference/endpoints/invoices-foreign_id-cancel); its HTTP status is not
 * shown there, so the sandbox sends it with 400, like the platform's other refusals.
 */
export const INVALID_INVOICE_STATE = {
  errors: { error: 'Invoice cannot be failed in its current state.', code: 'invalid_invoice_state' },
} as const;

/** Our answer for an unknown foreign_id, which the docs do not show. */
export const INVOICE_NOT_FOUND = { message: 'Not Found' } as const;

/** Authenticates a request and reads its JSON object body the way the platform does; Left is the answer already sent. */
const readBody = (
  request: FastifyRequest,
  reply: FastifyReply,
  keys: CoinspaidKeys,
): E.Either<FastifyReply, Record<string, unknown>> => {
  const body = rawBody(request);
  const authError = checkCoinspaidAuth(request.headers, body, keys);
  if (authError !== null) return E.left(reply.code(403).send(authError));
  const parsed = isJsonRequest(request) ? readJson(body.toString('utf8')) : E.left('not JSON');
  return E.isLeft(parsed) || !isRecord(parsed.right)
    ? E.left(reply.code(400).send(BAD_CONTENT_FORMAT))
    : E.right(parsed.right);
};

type CancelParams = { Params: { foreignId: string } };

/**
 * `POST /invoices/create` and `POST /invoices/{foreign_id}/cancel/` (trailing slash included); any other
 * path answers 403 `required_header_key`, as the platform does for a wrong URL. An injected fault answers
 * the next request of either.
 */
export const coinspaidRoutes =
  (deps: CoinspaidRouteDeps): FastifyPluginAsync =>
  async (app) => {
    app.setNotFoundHandler(async (_request, reply) =>
      reply.code(403).send(COINSPAID_AUTH_ERRORS.required_header_key),
    );

    app.post('/invoices/create', async (request, reply) => {
      if (await deps.intercept(request, reply)) return reply;
      const body = readBody(request, reply, deps.keys());
      if (E.isLeft(body)) return body.left;
      const result = validateCoinspaidCreate(body.right, deps.provider, deps.isTaken);
      if ('errors' in result) return reply.code(400).send({ errors: result.errors });
      const inv = deps.create(result.value);
      return reply.code(201).send(coinspaidCreateResponse(inv, deps.pageUrl(inv.code), Date.now()));
    });

    app.post<CancelParams>('/invoices/:foreignId/cancel/', async (request, reply) => {
      if (await deps.intercept(request, reply)) return reply;
      const body = readBody(request, reply, deps.keys());
      if (E.isLeft(body)) return body.left;
      // The endpoint takes no parameters: `{}` only (additionalProperties: false).
      const extra = Object.keys(body.right);
      if (extra.length > 0)
        return reply.code(400).send({
          errors: Object.fromEntries(
            extra.map((field) => [field, `The ${laravelAttribute(field)} field is prohibited.`]),
          ),
        });
      const result = deps.cancel(request.params.foreignId);
      return E.isRight(result)
        ? reply.code(200).type('application/json').send('[]')
        : result.left === 'not_found'
          ? reply.code(404).send(INVOICE_NOT_FOUND)
          : reply.code(400).send(INVALID_INVOICE_STATE);
    });
  };
