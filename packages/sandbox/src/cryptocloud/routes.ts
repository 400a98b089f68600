import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import { identity, pipe } from 'fp-ts/function';
import type { EngineContext } from '../engine';
import { isJsonRequest, rawBody } from '../http';
import { readJson, writeJson } from '../json';
import { isRecord, numberText } from '../validation';
import { checkCryptocloudAuth } from './auth';
import { cryptocloudInfoObject, cryptocloudInvoiceObject, type CryptocloudInvoice } from './invoice';
import type { CryptocloudCredentials } from './settings';
import { validateCryptocloudCreate, type CryptocloudCreate } from './validate';

/** What CryptoCloud's HTTP routes need from the engine. */
export interface CryptocloudRouteDeps {
  readonly intercept: EngineContext<CryptocloudCredentials>['intercept'];
  readonly keys: () => { readonly apiKey: string; readonly shopId: string };
  readonly create: (request: CryptocloudCreate) => CryptocloudInvoice;
  readonly find: (uuid: string) => CryptocloudInvoice | undefined;
  readonly all: () => ReadonlyArray<CryptocloudInvoice>;
  readonly cancel: (uuid: string) => E.Either<'not_found' | 'not_created', CryptocloudInvoice>;
}

const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply =>
  reply.code(status).type('application/json').send(writeJson(body));

const success = (reply: FastifyReply, result: unknown, extra: Record<string, unknown> = {}) =>
  send(reply, 200, { status: 'success', result, ...extra });

const failure = (reply: FastifyReply, status: number, result: Record<string, string>) =>
  send(reply, status, { status: 'error', result });

/** Authenticates and parses a JSON body the way the API does; Left is the error answer already sent. */
const readBody = (
  request: FastifyRequest,
  reply: FastifyReply,
  apiKey: string,
): E.Either<FastifyReply, Record<string, unknown>> => {
  const authError = checkCryptocloudAuth(request.headers, apiKey);
  if (authError !== null) return E.left(send(reply, authError.status, authError.body));
  if (!isJsonRequest(request))
    return E.left(
      send(reply, 415, {
        detail: `Unsupported media type "${request.headers['content-type'] ?? ''}" in request.`,
      }),
    );
  const parsed = readJson(rawBody(request).toString('utf8'));
  if (E.isLeft(parsed)) return E.left(send(reply, 400, { detail: `JSON parse error - ${parsed.left}` }));
  return isRecord(parsed.right)
    ? E.right(parsed.right)
    : E.left(send(reply, 400, { detail: 'Invalid data. Expected a dictionary.' }));
};

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

const dayStart = (text: unknown): number | undefined => {
  const m = typeof text === 'string' ? DATE.exec(text) : null;
  if (m === null) return undefined;
  const ms = Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]));
  return new Date(ms).getUTCDate() === Number(m[1]) ? ms : undefined;
};

const DAY_MS = 86_400_000;

const integerIn = (u: unknown, fallback: number, min: number, max: number): number | undefined => {
  if (u === undefined || u === null) return fallback;
  const digits = numberText(u);
  const n = digits !== undefined && /^\d+$/.test(digits) ? Number(digits) : undefined;
  return n !== undefined && n >= min && n <= max ? n : undefined;
};

/**
 * `/v2/invoice/create`, `/v2/invoice/merchant/{info,canceled,list}`; an injected fault answers the next
 * request of any of them.
 */
export const cryptocloudRoutes =
  (deps: CryptocloudRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const route =
      (answer: (body: Record<string, unknown>, reply: FastifyReply) => FastifyReply) =>
      async (request: FastifyRequest, reply: FastifyReply) =>
        (await deps.intercept(request, reply))
          ? reply
          : pipe(
              readBody(request, reply, deps.keys().apiKey),
              E.match(identity, (body) => answer(body, reply)),
            );

    app.setNotFoundHandler(async (_request, reply) => send(reply, 404, { detail: 'Not found.' }));

    app.post(
      '/v2/invoice/create',
      route((body, reply) => {
        const result = validateCryptocloudCreate(body, deps.keys().shopId);
        return 'errors' in result
          ? failure(reply, 400, result.errors)
          : success(reply, cryptocloudInvoiceObject(deps.create(result.value)));
      }),
    );

    app.post(
      '/v2/invoice/merchant/info',
      route((body, reply) => {
        const uuids = body['uuids'];
        if (!Array.isArray(uuids) || uuids.length === 0)
          return failure(reply, 400, { uuids: 'This field is required.' });
        if (uuids.length > 100)
          return failure(reply, 400, { uuids: 'Ensure this field has no more than 100 elements.' });
        if (!uuids.every((u): u is string => typeof u === 'string'))
          return failure(reply, 400, { uuids: 'Not a valid string.' });
        const found = uuids.flatMap((u) => {
          const inv = deps.find(u);
          return inv === undefined ? [] : [cryptocloudInfoObject(inv)];
        });
        return success(reply, found);
      }),
    );

    app.post(
      '/v2/invoice/merchant/canceled',
      route((body, reply) => {
        const uuid = body['uuid'];
        if (typeof uuid !== 'string' || uuid === '')
          return failure(reply, 400, { validate_error: 'uuid is required' });
        const result = deps.cancel(uuid);
        return E.isRight(result)
          ? success(reply, ['ok'])
          : result.left === 'not_found'
            ? failure(reply, 404, { validate_error: 'Invoice not found' })
            : failure(reply, 400, { validate_error: 'Invoice is not created' });
      }),
    );

    app.post(
      '/v2/invoice/merchant/list',
      route((body, reply) => {
        const start = dayStart(body['start']);
        const end = dayStart(body['end']);
        const offset = integerIn(body['offset'], 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = integerIn(body['limit'], 10, 1, 100);
        const errors: Record<string, string> = {
          ...(start === undefined
            ? { start: 'Date has wrong format. Use one of these formats instead: DD.MM.YYYY.' }
            : {}),
          ...(end === undefined
            ? { end: 'Date has wrong format. Use one of these formats instead: DD.MM.YYYY.' }
            : {}),
          ...(offset === undefined ? { offset: 'A valid integer >= 0 is required.' } : {}),
          ...(limit === undefined ? { limit: 'A valid integer between 1 and 100 is required.' } : {}),
        };
        if (start === undefined || end === undefined || offset === undefined || limit === undefined)
          return failure(reply, 400, errors);
        const matching = deps
          .all()
          .filter((inv) => inv.createdAt >= start && inv.createdAt < end + DAY_MS)
          .sort((a, b) => b.createdAt - a.createdAt);
        return success(reply, matching.slice(offset, offset + limit).map(cryptocloudInfoObject), {
          all_count: matching.length,
        });
      }),
    );
  };
