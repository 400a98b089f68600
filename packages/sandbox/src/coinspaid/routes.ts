import type { FastifyPluginAsync } from 'fastify';
import * as E from 'fp-ts/Either';
import type { EngineContext } from '../engine';
import { isJsonRequest, rawBody } from '../http';
import { readJson } from '../json';
import { isRecord } from '../validation';
import { checkCoinspaidAuth, COINSPAID_AUTH_ERRORS } from './auth';
import { coinspaidCreateResponse, type CoinspaidInvoice } from './invoice';
import type { CoinspaidFamilyCredentials, CoinspaidFamilyId, CoinspaidKeys } from './settings';
import { validateCoinspaidCreate, type CoinspaidCreate } from './validate';

/** What the platform's HTTP routes need from the engine. */
export interface CoinspaidRouteDeps {
  readonly provider: CoinspaidFamilyId;
  readonly intercept: EngineContext<CoinspaidFamilyCredentials>['intercept'];
  readonly keys: () => CoinspaidKeys;
  readonly isTaken: (foreignId: string) => boolean;
  readonly create: (request: CoinspaidCreate) => CoinspaidInvoice;
}

/** The documented 400 body for invalid JSON or a missing `Content-Type: application/json` (docs.cryptoprocessing.com/api-reference/errors). */
export const BAD_CONTENT_FORMAT = { error: 'Bad content format', code: 'bad_content_format' } as const;

/** `POST /invoices/create`; any other path answers 403 `required_header_key`, as the platform does for a wrong URL. */
export const coinspaidRoutes =
  (deps: CoinspaidRouteDeps): FastifyPluginAsync =>
  async (app) => {
    app.setNotFoundHandler(async (_request, reply) =>
      reply.code(403).send(COINSPAID_AUTH_ERRORS.required_header_key),
    );

    app.post('/invoices/create', async (request, reply) => {
      if (await deps.intercept(request, reply)) return reply;
      const body = rawBody(request);
      const authError = checkCoinspaidAuth(request.headers, body, deps.keys());
      if (authError !== null) return reply.code(403).send(authError);
      const parsed = isJsonRequest(request) ? readJson(body.toString('utf8')) : E.left('not JSON');
      if (E.isLeft(parsed) || !isRecord(parsed.right)) return reply.code(400).send(BAD_CONTENT_FORMAT);
      const result = validateCoinspaidCreate(parsed.right, deps.provider, deps.isTaken);
      if ('errors' in result) return reply.code(400).send({ errors: result.errors });
      return reply.code(201).send(coinspaidCreateResponse(deps.create(result.value), Date.now()));
    });
  };
