import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import { sameText } from '../compare';
import type { EngineContext } from '../engine';
import { isJsonRequest, rawBody } from '../http';
import { readJson, writeJson } from '../json';
import { convert } from '../rates';
import {
  MINIMUM_USD,
  NOWPAYMENTS_FIAT,
  nowpaymentsCoin,
  type NowpaymentsInvoice,
  type NowpaymentsInvoiceCreate,
  type NowpaymentsPayment,
} from './invoice';
import { jsNumber, paymentObject } from './ipn';
import type { NowpaymentsCase, NowpaymentsCredentials } from './settings';
import {
  isBody,
  minimumInFiat,
  queryInteger,
  refusalBody,
  validateInvoiceCreate,
  validatePaymentCreate,
  type NowpaymentsRefusal,
} from './validate';

/** What NOWPayments' HTTP routes need from the engine. */
export interface NowpaymentsRouteDeps {
  readonly intercept: EngineContext<NowpaymentsCredentials>['intercept'];
  readonly keys: () => { readonly apiKey: string };
  readonly createInvoice: (request: NowpaymentsInvoiceCreate) => NowpaymentsInvoice;
  readonly createPayment: (
    request: NowpaymentsInvoiceCreate & { readonly payCurrency: string },
    sandboxCase: NowpaymentsCase,
  ) => NowpaymentsPayment;
  readonly payment: (id: string) => NowpaymentsPayment | undefined;
  readonly payments: () => ReadonlyArray<NowpaymentsPayment>;
  readonly issueToken: () => string;
  readonly tokenValid: (token: string) => boolean;
}

const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply =>
  reply.code(status).type('application/json').send(writeJson(body));

const refuse = (reply: FastifyReply, refusal: NowpaymentsRefusal): FastifyReply =>
  send(reply, refusal.status, refusalBody(refusal));

const INVALID_KEY: NowpaymentsRefusal = { status: 403, code: 'INVALID_API_KEY', message: 'Invalid api key' };

/** The answer of `POST /invoice`: the documented 201 fields, `price_amount` as a string. */
const invoiceObject = (inv: NowpaymentsInvoice) => ({
  id: inv.id,
  token_id: inv.id.split('').reverse().join(''),
  order_id: inv.request.orderId,
  order_description: inv.request.orderDescription,
  price_amount: inv.request.priceAmount,
  price_currency: inv.request.priceCurrency,
  pay_currency: inv.request.payCurrency,
  ipn_callback_url: inv.request.ipnCallbackUrl,
  invoice_url: inv.url,
  success_url: inv.request.successUrl,
  cancel_url: inv.request.cancelUrl,
  partially_paid_url: inv.request.partiallyPaidUrl,
  payout_currency: null,
  created_at: new Date(inv.createdAt).toISOString(),
  updated_at: new Date(inv.createdAt).toISOString(),
  is_fixed_rate: inv.request.isFixedRate,
  is_fee_paid_by_user: inv.request.isFeePaidByUser,
});

const readBody = (request: FastifyRequest): E.Either<NowpaymentsRefusal, Record<string, unknown>> => {
  if (!isJsonRequest(request))
    return E.left({
      status: 400,
      code: 'INVALID_REQUEST_PARAMS',
      message: 'Your payload has to be JSON object',
    });
  const parsed = readJson(rawBody(request).toString('utf8'));
  return E.isRight(parsed) && isBody(parsed.right)
    ? E.right(parsed.right)
    : E.left({ status: 400, code: 'INVALID_REQUEST_PARAMS', message: 'Your payload has to be JSON object' });
};

const query = (request: FastifyRequest): Record<string, string | undefined> =>
  (request.query ?? {}) as Record<string, string | undefined>;

const byCreated = (order: string | undefined) => (a: NowpaymentsPayment, b: NowpaymentsPayment) =>
  (order === 'desc' ? -1 : 1) * (a.createdAt - b.createdAt || a.paymentId.localeCompare(b.paymentId));

/**
 * `GET /status`, `POST /auth`, `POST /invoice`, `POST /payment` (with the sandbox `case`),
 * `GET /payment/:id`, `GET /payment/` and `GET /min-amount`, under `/nowpayments/v1`; every route
 * but the status wants the `x-api-key`, and an injected fault answers the next request of any of them.
 */
export const nowpaymentsRoutes =
  (deps: NowpaymentsRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const route =
      (answer: (request: FastifyRequest, reply: FastifyReply) => FastifyReply) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        if (await deps.intercept(request, reply)) return reply;
        const key = request.headers['x-api-key'];
        return typeof key === 'string' && sameText(key, deps.keys().apiKey)
          ? answer(request, reply)
          : refuse(reply, INVALID_KEY);
      };

    app.setNotFoundHandler(async (_request, reply) =>
      refuse(reply, { status: 404, code: 'NOT_FOUND', message: 'Not found' }),
    );

    app.get('/status', async (request, reply) =>
      (await deps.intercept(request, reply)) ? reply : send(reply, 200, { message: 'OK' }),
    );

    app.post(
      '/auth',
      route((request, reply) => {
        const body = readBody(request);
        if (E.isLeft(body)) return refuse(reply, body.left);
        const { email, password } = body.right;
        return typeof email === 'string' && email !== '' && typeof password === 'string' && password !== ''
          ? send(reply, 200, { token: deps.issueToken() })
          : refuse(reply, {
              status: 400,
              code: 'INVALID_REQUEST_PARAMS',
              message: '"email" and "password" are required',
            });
      }),
    );

    app.post(
      '/invoice',
      route((request, reply) => {
        const body = readBody(request);
        if (E.isLeft(body)) return refuse(reply, body.left);
        const result = validateInvoiceCreate(body.right);
        return 'refusal' in result
          ? refuse(reply, result.refusal)
          : send(reply, 201, invoiceObject(deps.createInvoice(result.value)));
      }),
    );

    app.post(
      '/payment',
      route((request, reply) => {
        const body = readBody(request);
        if (E.isLeft(body)) return refuse(reply, body.left);
        const result = validatePaymentCreate(body.right);
        return 'refusal' in result
          ? refuse(reply, result.refusal)
          : send(reply, 201, paymentObject(deps.createPayment(result.value, result.sandboxCase)));
      }),
    );

    app.get(
      '/payment/:id',
      route((request, reply) => {
        const found = deps.payment((request.params as { id: string }).id);
        return found === undefined
          ? refuse(reply, { status: 404, code: 'PAYMENT_NOT_FOUND', message: 'Payment not found' })
          : send(reply, 200, paymentObject(found));
      }),
    );

    app.get(
      '/payment/',
      route((request, reply) => {
        const authorization = request.headers.authorization;
        const token =
          typeof authorization === 'string' ? /^Bearer (.+)$/.exec(authorization)?.[1] : undefined;
        if (authorization !== undefined && (token === undefined || !deps.tokenValid(token)))
          return refuse(reply, {
            status: 401,
            code: 'AUTH_REQUIRED',
            message: 'Authorization token is invalid or expired',
          });
        const q = query(request);
        const limit = queryInteger(q['limit'], 10, 1, 500);
        const page = queryInteger(q['page'], 0, 0, Number.MAX_SAFE_INTEGER);
        if (limit === undefined || page === undefined)
          return refuse(reply, {
            status: 400,
            code: 'INVALID_REQUEST_PARAMS',
            message: '"limit" must be 1..500 and "page" 0 or more',
          });
        const matching = deps
          .payments()
          .filter((p) => q['invoiceId'] === undefined || p.invoiceId === q['invoiceId'])
          .sort(byCreated(q['orderBy']));
        return send(reply, 200, {
          data: matching.slice(page * limit, page * limit + limit).map(paymentObject),
          limit,
          page,
          pagesCount: Math.ceil(matching.length / limit),
          total: matching.length,
        });
      }),
    );

    app.get(
      '/min-amount',
      route((request, reply) => {
        const q = query(request);
        const coin = nowpaymentsCoin(q['currency_from'] ?? '');
        if (coin === undefined)
          return refuse(reply, {
            status: 400,
            code: 'CURRENCY_UNAVAILABLE',
            message: `Currency ${q['currency_from'] ?? ''} was not found`,
          });
        const fiat = q['fiat_equivalent'];
        if (fiat !== undefined && !NOWPAYMENTS_FIAT.includes(fiat.toLowerCase()))
          return refuse(reply, {
            status: 400,
            code: 'CURRENCY_UNAVAILABLE',
            message: `Currency ${fiat} was not found`,
          });
        return send(reply, 200, {
          currency_from: coin.ticker,
          currency_to: q['currency_to'] ?? coin.ticker,
          min_amount: jsNumber(convert(MINIMUM_USD, 'USD', coin.asset, coin.dp)),
          ...(fiat === undefined ? {} : { fiat_equivalent: jsNumber(minimumInFiat(fiat)) }),
        });
      }),
    );
  };
