import type * as TE from 'fp-ts/TaskEither';
import type { InvoiceError } from '@invoicekit/core';
import {
  guardTransport,
  type HttpResponse,
  type HttpTransport,
  type RequestOperation,
  type Scrubber,
} from '@invoicekit/core/adapter';
import { authHeaders } from './auth';
import type { NowpaymentsConfig } from './config';

/** The NOWPayments endpoints invoicekit calls, relative to `baseUrl` (which ends in `/v1`). */
export const NOWPAYMENTS_ENDPOINTS = {
  createInvoice: '/invoice',
  auth: '/auth',
  payment: '/payment/',
  payments: '/payment/',
  minAmount: '/min-amount',
} as const;

/**
 * Each call's name for hooks, and whether it may be sent again after a failure that may have reached
 * NOWPayments: the reads and the token request (it changes nothing) may; an invoice create may not
 * (NOWPayments makes a second invoice for the same `order_id`).
 */
export const NOWPAYMENTS_OPERATIONS = {
  createInvoice: { name: 'createInvoice', idempotent: false },
  auth: { name: 'auth', idempotent: true },
  payment: { name: 'getPayment', idempotent: true },
  payments: { name: 'listPayments', idempotent: true },
  minAmount: { name: 'minAmount', idempotent: true },
} as const satisfies Readonly<Record<keyof typeof NOWPAYMENTS_ENDPOINTS, RequestOperation>>;

/** One call: a POST with its serialized JSON body, or a GET with a path and query; the answer unread. */
export interface NowpaymentsClient {
  /** `POST path` with exactly `body`, authenticated with the API key (and `token` when given). */
  post(
    operation: RequestOperation,
    path: string,
    body: string,
    token?: string | null,
  ): TE.TaskEither<InvoiceError, HttpResponse>;
  /** `GET path`, authenticated with the API key (and `token` when given). */
  get(
    operation: RequestOperation,
    path: string,
    token?: string | null,
  ): TE.TaskEither<InvoiceError, HttpResponse>;
}

/** Builds the client over the guarded transport: every answer and error reaches the adapter with credentials scrubbed. */
export const createNowpaymentsClient = (
  config: NowpaymentsConfig,
  transport: HttpTransport,
  scrub: Scrubber,
): NowpaymentsClient => {
  const send = guardTransport(transport, scrub);
  const headers = authHeaders(config);
  return {
    post: (operation, path, body, token = null) =>
      send({
        provider: 'nowpayments',
        method: 'POST',
        url: `${config.baseUrl}${path}`,
        headers: { 'Content-Type': 'application/json', ...headers(token) },
        body,
        timeoutMs: config.timeoutMs,
        operation,
      }),
    get: (operation, path, token = null) =>
      send({
        provider: 'nowpayments',
        method: 'GET',
        url: `${config.baseUrl}${path}`,
        headers: headers(token),
        body: '',
        timeoutMs: config.timeoutMs,
        operation,
      }),
  };
};
