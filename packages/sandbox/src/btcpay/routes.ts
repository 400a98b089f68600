import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import type { EngineContext } from '../engine';
import { isJsonRequest, rawBody } from '../http';
import { readJson, writeJson } from '../json';
import { isRecord } from '../validation';
import { checkBtcpayAuth } from './auth';
import {
  btcpayInvoiceData,
  btcpayPaymentMethods,
  type BtcpayInvoiceRecord,
  type BtcpayStatus,
} from './invoice';
import type { BtcpayCredentials } from './settings';
import { validateBtcpayCreate, type BtcpayCreate, type BtcpayValidationError } from './validate';
import type { BtcpayDeliveryRecord } from './webhooks';

/** What BTCPay's HTTP routes need from the engine. */
export interface BtcpayRouteDeps {
  readonly intercept: EngineContext<BtcpayCredentials>['intercept'];
  readonly keys: () => { readonly apiKey: string; readonly shopId: string };
  readonly webhookId: string;
  readonly create: (request: BtcpayCreate) => BtcpayInvoiceRecord;
  readonly find: (id: string) => BtcpayInvoiceRecord | undefined;
  readonly all: () => ReadonlyArray<BtcpayInvoiceRecord>;
  /** Marks an invoice Invalid; Left when InvoiceState.CanMarkInvalid says no. */
  readonly markInvalid: (inv: BtcpayInvoiceRecord) => E.Either<'not_markable', BtcpayInvoiceRecord>;
  readonly deliveries: () => ReadonlyArray<BtcpayDeliveryRecord>;
  /** Queues a redelivery of a stored delivery; its new delivery id, or undefined for an unknown one. */
  readonly redeliver: (deliveryId: string) => string | undefined;
}

type Params = { storeId?: string; invoiceId?: string; webhookId?: string; deliveryId?: string };
type Route = FastifyRequest<{ Params: Params; Querystring: Record<string, string | string[] | undefined> }>;

const send = (reply: FastifyReply, status: number, body: unknown): FastifyReply =>
  reply.code(status).type('application/json; charset=utf-8').send(writeJson(body));

const invalid = (reply: FastifyReply, errors: ReadonlyArray<BtcpayValidationError>): FastifyReply =>
  send(reply, 422, errors);

const INVOICE_NOT_FOUND = { code: 'invoice-not-found', message: 'The invoice was not found' };

const PERMISSIONS = {
  view: 'btcpay.store.canviewinvoices',
  create: 'btcpay.store.cancreateinvoice',
  modify: 'btcpay.store.canmodifyinvoices',
  webhooks: 'btcpay.store.webhooks.canmodifywebhooks',
} as const;

const values = (u: string | string[] | undefined): string[] =>
  u === undefined ? [] : (Array.isArray(u) ? u : [u]).filter((s) => s !== '');

const whole = (u: string | string[] | undefined, fallback: number): number | undefined => {
  const [text] = values(u);
  if (text === undefined) return fallback;
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
};

const orderIdOf = (inv: BtcpayInvoiceRecord): unknown => inv.request.metadata.orderId;

/** `WebhookDeliveryData`; `errorMessage` only when the delivery failed, as WebhookSender writes it. */
const deliveryData = (d: BtcpayDeliveryRecord) => ({
  id: d.id,
  timestamp: Math.floor(d.at / 1000),
  deliveryTime: Math.floor(d.at / 1000),
  httpCode: d.httpCode,
  ...(d.status === 'HttpError' ? { errorMessage: `HTTP Error Code ${d.httpCode ?? 0}` } : {}),
  status: d.status === 'Pending' ? 'HttpError' : d.status,
});

/**
 * The Greenfield invoice routes, store-scoped (every version) and store-less (v2.4.0+), plus the
 * webhook's delivery log and redeliver; API-key auth on each, an injected fault first.
 */
export const btcpayRoutes =
  (deps: BtcpayRouteDeps): FastifyPluginAsync =>
  async (app) => {
    const guarded =
      (permission: string, answer: (request: Route, reply: FastifyReply) => FastifyReply) =>
      async (request: Route, reply: FastifyReply) => {
        if (await deps.intercept(request, reply)) return reply;
        const failure = checkBtcpayAuth(
          request.headers,
          deps.keys(),
          request.params.storeId ?? null,
          permission,
        );
        return failure === null ? answer(request, reply) : send(reply, failure.status, failure.body);
      };

    const withInvoice =
      (answer: (inv: BtcpayInvoiceRecord, request: Route, reply: FastifyReply) => FastifyReply) =>
      (request: Route, reply: FastifyReply): FastifyReply => {
        const inv = deps.find(request.params.invoiceId ?? '');
        return inv === undefined ? send(reply, 404, INVOICE_NOT_FOUND) : answer(inv, request, reply);
      };

    const jsonObject = (
      request: Route,
      reply: FastifyReply,
    ): E.Either<FastifyReply, Record<string, unknown>> => {
      if (!isJsonRequest(request))
        return E.left(send(reply, 415, { code: 'unsupported-media-type', message: 'Send application/json' }));
      const parsed = readJson(rawBody(request).toString('utf8'));
      return E.isRight(parsed) && isRecord(parsed.right)
        ? E.right(parsed.right)
        : E.left(invalid(reply, [{ path: '', message: 'The request body must be a JSON object' }]));
    };

    app.setNotFoundHandler(async (_request, reply) =>
      send(reply, 404, { code: 'not-found', message: 'Not found' }),
    );

    const createInvoice = guarded(PERMISSIONS.create, (request, reply) => {
      const body = jsonObject(request, reply);
      if (E.isLeft(body)) return body.left;
      const result = validateBtcpayCreate(body.right);
      return 'errors' in result
        ? invalid(reply, result.errors)
        : send(reply, 200, btcpayInvoiceData(deps.create(result.value)));
    });

    const listInvoices = guarded(PERMISSIONS.view, (request, reply) => {
      const orderIds = values(request.query.orderId);
      const statuses = values(request.query.status);
      const skip = whole(request.query.skip, 0);
      const take = whole(request.query.take, Number.MAX_SAFE_INTEGER);
      if (skip === undefined || take === undefined)
        return invalid(reply, [
          { path: skip === undefined ? 'skip' : 'take', message: 'must be a whole number' },
        ]);
      const matching = deps
        .all()
        .filter((inv) => orderIds.length === 0 || orderIds.includes(String(orderIdOf(inv))))
        .filter((inv) => statuses.length === 0 || statuses.includes(inv.status as BtcpayStatus))
        .sort((a, b) => b.createdAt - a.createdAt);
      return send(reply, 200, matching.slice(skip, skip + take).map(btcpayInvoiceData));
    });

    const getInvoice = guarded(
      PERMISSIONS.view,
      withInvoice((inv, _request, reply) => send(reply, 200, btcpayInvoiceData(inv))),
    );

    const paymentMethods = guarded(
      PERMISSIONS.view,
      withInvoice((inv, _request, reply) => send(reply, 200, btcpayPaymentMethods(inv))),
    );

    const markStatus = guarded(
      PERMISSIONS.modify,
      withInvoice((inv, request, reply) => {
        const body = jsonObject(request, reply);
        if (E.isLeft(body)) return body.left;
        const status = body.right['status'];
        if (status !== 'Invalid' && status !== 'Settled')
          return invalid(reply, [{ path: 'Status', message: 'The Status field is required.' }]);
        // The sandbox emulates the merchant's cancel: marking Settled by hand is not offered.
        const marked = status === 'Invalid' ? deps.markInvalid(inv) : E.left('not_markable' as const);
        return E.isRight(marked)
          ? send(reply, 200, btcpayInvoiceData(marked.right))
          : invalid(reply, [
              {
                path: 'Status',
                message: 'Status can only be marked to invalid or settled within certain conditions.',
              },
            ]);
      }),
    );

    const listDeliveries = guarded(PERMISSIONS.webhooks, (request, reply) =>
      request.params.webhookId !== deps.webhookId
        ? send(reply, 404, { code: 'webhook-not-found', message: 'The webhook was not found' })
        : send(reply, 200, deps.deliveries().map(deliveryData)),
    );

    const redeliver = guarded(PERMISSIONS.webhooks, (request, reply) => {
      if (request.params.webhookId !== deps.webhookId)
        return send(reply, 404, { code: 'webhook-not-found', message: 'The webhook was not found' });
      const id = deps.redeliver(request.params.deliveryId ?? '');
      return id === undefined
        ? send(reply, 404, {
            code: 'webhookdelivery-not-found',
            message: 'The webhook delivery was not found',
          })
        : send(reply, 200, id);
    });

    for (const root of ['/api/v1/stores/:storeId', '/api/v1']) {
      app.get(`${root}/invoices/:invoiceId`, getInvoice);
      app.get(`${root}/invoices/:invoiceId/payment-methods`, paymentMethods);
      app.post(`${root}/invoices/:invoiceId/status`, markStatus);
      app.get(`${root}/webhooks/:webhookId/deliveries`, listDeliveries);
      app.post(`${root}/webhooks/:webhookId/deliveries/:deliveryId/redeliver`, redeliver);
    }
    app.post('/api/v1/stores/:storeId/invoices', createInvoice);
    app.get('/api/v1/stores/:storeId/invoices', listInvoices);
  };
