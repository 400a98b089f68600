import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type { InvoiceError } from '@invoicekit/core';
import {
  guardTransport,
  type HttpResponse,
  type HttpTransport,
  type Outgoing,
  type RequestOperation,
  type Scrubber,
} from '@invoicekit/core/adapter';
import { authHeaders } from './auth';
import type { BtcpayCreateRequest, BtcpayMarkStatusRequest } from './codecs';
import type { BtcpayConfig } from './config';

/**
 * The Greenfield paths invoicekit calls, relative to `baseUrl`. The store-scoped forms are used for
 * every operation: the store-less `/api/v1/invoices/{invoiceId}` forms exist only from v2.4.0, while
 * the server still routes these on every version.
 */
export const BTCPAY_PATHS = {
  /** A store's invoices: create and list. */
  invoices: (storeId: string) => `/api/v1/stores/${encodeURIComponent(storeId)}/invoices`,
  /** One invoice: read. */
  invoice: (storeId: string, invoiceId: string) =>
    `${BTCPAY_PATHS.invoices(storeId)}/${encodeURIComponent(invoiceId)}`,
  /** One invoice's payment methods: what was paid and is due in each. */
  paymentMethods: (storeId: string, invoiceId: string) =>
    `${BTCPAY_PATHS.invoice(storeId, invoiceId)}/payment-methods`,
  /** Marks one invoice Settled or Invalid. */
  status: (storeId: string, invoiceId: string) => `${BTCPAY_PATHS.invoice(storeId, invoiceId)}/status`,
} as const;

/** A request the client sent and the answer to it, unread. */
export interface BtcpayExchange {
  readonly response: HttpResponse;
}

type Answer = TE.TaskEither<InvoiceError, BtcpayExchange>;

/** The Greenfield invoice endpoints: each sends one request and returns the answer unread. */
export interface BtcpayClient {
  /** `POST /api/v1/stores/{storeId}/invoices` with the serialized `CreateInvoiceRequest`. */
  readonly createInvoice: (request: Outgoing<BtcpayCreateRequest>) => Answer;
  /** `GET /api/v1/stores/{storeId}/invoices/{invoiceId}`. */
  readonly getInvoice: (invoiceId: string) => Answer;
  /** `GET …/invoices/{invoiceId}/payment-methods`. */
  readonly getPaymentMethods: (invoiceId: string) => Answer;
  /** `POST …/invoices/{invoiceId}/status` with the serialized `MarkInvoiceStatusRequest`. */
  readonly markStatus: (invoiceId: string) => (request: Outgoing<BtcpayMarkStatusRequest>) => Answer;
  /** `GET /api/v1/stores/{storeId}/invoices?orderId=…`: the invoices whose `metadata.orderId` is one of these. */
  readonly listByOrderId: (orderIds: ReadonlyArray<string>) => Answer;
}

/**
 * Each endpoint's name for hooks, and whether it may be sent again after a failure that may have reached
 * BTCPay: the reads may; a create may not (BTCPay makes a second invoice for the same `orderId`), nor a
 * status change (a second "mark Invalid" of an invalid invoice is refused).
 */
export const BTCPAY_OPERATIONS = {
  createInvoice: { name: 'createInvoice', idempotent: false },
  getInvoice: { name: 'getInvoice', idempotent: true },
  getPaymentMethods: { name: 'getPaymentMethods', idempotent: true },
  markStatus: { name: 'markStatus', idempotent: false },
  listByOrderId: { name: 'listByOrderId', idempotent: true },
} as const satisfies Readonly<Record<keyof BtcpayClient, RequestOperation>>;

/** Builds the client: every call carries `Authorization: token …` over the guarded transport (credentials scrubbed). */
export const createBtcpayClient = (
  config: BtcpayConfig,
  transport: HttpTransport,
  scrub: Scrubber,
): BtcpayClient => {
  const send = guardTransport(transport, scrub);
  const auth = authHeaders(config);
  const call =
    (operation: RequestOperation, method: 'GET' | 'POST', path: string, body = ''): Answer =>
    async () => {
      const response = await send({
        provider: 'btcpay',
        method,
        url: `${config.baseUrl}${path}`,
        headers: method === 'POST' ? { 'Content-Type': 'application/json', ...auth } : auth,
        body,
        timeoutMs: config.timeoutMs,
        operation,
      })();
      return E.isLeft(response) ? response : E.right({ response: response.right });
    };
  const storeId = config.shopId;
  return {
    createInvoice: (request) =>
      call(BTCPAY_OPERATIONS.createInvoice, 'POST', BTCPAY_PATHS.invoices(storeId), request.body),
    getInvoice: (invoiceId) =>
      call(BTCPAY_OPERATIONS.getInvoice, 'GET', BTCPAY_PATHS.invoice(storeId, invoiceId)),
    getPaymentMethods: (invoiceId) =>
      call(BTCPAY_OPERATIONS.getPaymentMethods, 'GET', BTCPAY_PATHS.paymentMethods(storeId, invoiceId)),
    markStatus: (invoiceId) => (request) =>
      call(BTCPAY_OPERATIONS.markStatus, 'POST', BTCPAY_PATHS.status(storeId, invoiceId), request.body),
    listByOrderId: (orderIds) =>
      call(
        BTCPAY_OPERATIONS.listByOrderId,
        'GET',
        `${BTCPAY_PATHS.invoices(storeId)}?${orderIds.map((id) => `orderId=${encodeURIComponent(id)}`).join('&')}`,
      ),
  };
};
