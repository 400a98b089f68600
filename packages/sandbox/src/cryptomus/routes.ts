import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import type { EngineContext } from '../engine';
import { rawBody } from '../http';
import { readJson, writeJson } from '../json';
import { isRecord } from '../validation';
import { checkCryptomusAuth } from './auth';
import { cryptomusInvoiceObject, type CryptomusCreate, type CryptomusInvoice } from './invoice';
import type { CryptomusCredentials, CryptomusKeys } from './settings';
import { validateCryptomusCreate, validateTestWebhook, type CryptomusTestWebhook } from './validate';

/** What the HTTP routes need from the engine. */
export interface CryptomusRouteDeps {
  readonly intercept: EngineContext<CryptomusCredentials>['intercept'];
  readonly keys: () => CryptomusKeys;
  /** Creates an invoice, or gives the existing one for the same order_id (documented: "we return its details"). */
  readonly create: (request: CryptomusCreate) => CryptomusInvoice;
  readonly find: (by: {
    readonly uuid: string | null;
    readonly orderId: string | null;
  }) => CryptomusInvoice | undefined;
  readonly all: () => ReadonlyArray<CryptomusInvoice>;
  readonly resend: (invoice: CryptomusInvoice) => void;
  readonly testWebhook: (request: CryptomusTestWebhook) => void;
}

/** Page size of `/v1/payment/list`. */
export const CRYPTOMUS_PAGE_SIZE = 15;

// The bodies below follow the {state, message} / {state, errors} envelope both SDKs read; their wording
// is the sandbox's own, since no error body was readable in the docs.
const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply =>
  reply.code(status).type('application/json').send(writeJson(body));
const ok = (reply: FastifyReply, result: unknown) => send(reply, 200, { state: 0, result });
const refuse = (reply: FastifyReply, status: number, message: string) =>
  send(reply, status, { state: 1, message });

const readBody = (request: FastifyRequest, reply: FastifyReply, keys: CryptomusKeys) => {
  const body = rawBody(request);
  if (checkCryptomusAuth(request.headers, body, keys) !== null) {
    return E.left(refuse(reply, 401, 'Unauthorized: check the merchant uuid and the sign'));
  }
  const text = body.toString('utf8');
  if (text.trim() === '') return E.right<FastifyReply, Record<string, unknown>>({});
  const parsed = readJson(text);
  return E.isRight(parsed) && isRecord(parsed.right)
    ? E.right<FastifyReply, Record<string, unknown>>(parsed.right)
    : E.right<FastifyReply, Record<string, unknown>>({});
};

const text = (u: unknown): string | null => (typeof u === 'string' && u !== '' ? u : null);

const cursorOf = (request: FastifyRequest, body: Record<string, unknown>): number => {
  const given = text((request.query as Record<string, unknown> | undefined)?.cursor) ?? text(body.cursor);
  if (given === null) return 0;
  try {
    const offset: unknown = (
      JSON.parse(Buffer.from(given, 'base64url').toString('utf8')) as { offset?: unknown }
    ).offset;
    return typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0 ? offset : 0;
  } catch {
    return 0;
  }
};

const cursorAt = (offset: number): string => Buffer.from(JSON.stringify({ offset })).toString('base64url');

const MOSCOW_MS = 3 * 3_600_000;
const listTime = (u: unknown): number | null => {
  const value = text(u);
  if (value === null || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value.replace(' ', 'T')}Z`) - MOSCOW_MS;
  return Number.isNaN(ms) ? null : ms;
};

/**
 * `POST /v1/payment`, `/v1/payment/info`, `/v1/payment/list`, `/v1/payment/resend` and
 * `/v1/test-webhook/payment`, each checking `merchant` and `sign`; an injected fault answers the next
 * request of any of them.
 */
export const cryptomusRoutes =
  (deps: CryptomusRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const route =
      (
        answer: (body: Record<string, unknown>, reply: FastifyReply, request: FastifyRequest) => FastifyReply,
      ) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        if (await deps.intercept(request, reply)) return reply;
        const body = readBody(request, reply, deps.keys());
        return E.isLeft(body) ? body.left : answer(body.right, reply, request);
      };
    const byRef = (body: Record<string, unknown>) => ({
      uuid: text(body.uuid),
      orderId: text(body.order_id),
    });

    app.setNotFoundHandler(async (_request, reply) => refuse(reply, 404, 'Not found'));

    app.post(
      '/v1/payment',
      route((body, reply) => {
        const result = validateCryptomusCreate(body);
        return 'errors' in result
          ? send(reply, 422, { state: 1, errors: result.errors })
          : ok(reply, cryptomusInvoiceObject(deps.create(result.value)));
      }),
    );

    app.post(
      '/v1/payment/info',
      route((body, reply) => {
        const ref = byRef(body);
        if (ref.uuid === null && ref.orderId === null) {
          return send(reply, 422, { state: 1, errors: { uuid: ['validation.required_without'] } });
        }
        const invoice = deps.find(ref);
        return invoice === undefined
          ? refuse(reply, 404, 'Not found')
          : ok(reply, cryptomusInvoiceObject(invoice));
      }),
    );

    app.post(
      '/v1/payment/list',
      route((body, reply, request) => {
        const from = body.date_from === undefined ? 0 : listTime(body.date_from);
        const to = body.date_to === undefined ? Number.MAX_SAFE_INTEGER : listTime(body.date_to);
        if (from === null || to === null) {
          return send(reply, 422, { state: 1, errors: { date_from: ['validation.date_format'] } });
        }
        const offset = cursorOf(request, body);
        const matching = deps
          .all()
          .filter((inv) => inv.createdAt >= from && inv.createdAt <= to)
          .sort((a, b) => b.createdAt - a.createdAt);
        const items = matching.slice(offset, offset + CRYPTOMUS_PAGE_SIZE);
        const next =
          offset + CRYPTOMUS_PAGE_SIZE < matching.length ? cursorAt(offset + CRYPTOMUS_PAGE_SIZE) : null;
        return ok(reply, {
          items: items.map(cryptomusInvoiceObject),
          paginate: {
            count: items.length,
            hasPages: matching.length > CRYPTOMUS_PAGE_SIZE,
            nextCursor: next,
            previousCursor: offset > 0 ? cursorAt(Math.max(0, offset - CRYPTOMUS_PAGE_SIZE)) : null,
            perPage: CRYPTOMUS_PAGE_SIZE,
          },
        });
      }),
    );

    app.post(
      '/v1/payment/resend',
      route((body, reply) => {
        const invoice = deps.find(byRef(body));
        if (invoice === undefined) return refuse(reply, 404, 'Not found');
        deps.resend(invoice);
        return ok(reply, []);
      }),
    );

    app.post(
      '/v1/test-webhook/payment',
      route((body, reply) => {
        const result = validateTestWebhook(body);
        if ('errors' in result) return send(reply, 422, { state: 1, errors: result.errors });
        deps.testWebhook(result.value);
        return ok(reply, []);
      }),
    );
  };
