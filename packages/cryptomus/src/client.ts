import {
  jsonClient,
  type HttpTransport,
  type JsonClient,
  type Scrubber,
  type Send,
} from '@invoicekit/core/adapter';
import { authHeaders } from './auth';
import type { CryptomusInfoRequest, CryptomusInvoiceRequest, CryptomusListTarget } from './codecs';
import type { CryptomusConfig } from './config';

/** The endpoints this adapter calls, relative to `baseUrl`; all are POST with a signed JSON body. */
export const CRYPTOMUS_ENDPOINTS = {
  createInvoice: '/v1/payment',
  invoiceInfo: '/v1/payment/info',
  listInvoices: '/v1/payment/list',
} as const;

/**
 * The history path of one page: the cursor goes in the query string (Heleket Go SDK `ListHistory`); the
 * Cryptomus PHP SDK puts it in the body instead, which the same server reads as the same input [I].
 */
export const listPath = (cursor: string | undefined): string =>
  cursor === undefined
    ? CRYPTOMUS_ENDPOINTS.listInvoices
    : `${CRYPTOMUS_ENDPOINTS.listInvoices}?cursor=${encodeURIComponent(cursor)}`;

/** The wire body each endpoint takes. */
export interface CryptomusBodies {
  readonly createInvoice: CryptomusInvoiceRequest;
  readonly invoiceInfo: CryptomusInfoRequest;
  readonly listInvoices: CryptomusListTarget;
}

/** The endpoints: each sends one serialized body and returns the answer unread. */
export type CryptomusClient = JsonClient<CryptomusBodies>;

/**
 * The endpoints that may be sent again after a failure that may have reached the provider: all of them.
 * The reads change nothing, and a create is deduplicated by Cryptomus and Heleket themselves: "When we
 * find an existing invoice with order_id, we return its details, a new invoice will not be created"
 * (doc.heleket.com/methods/payments/creating-invoice.md, `order_id`).
 */
const IDEMPOTENT = ['createInvoice', 'invoiceInfo', 'listInvoices'] as const;

/** Builds the client: each call signs the serialized body with the payment API key and sends those same bytes. */
export const createCryptomusClient = (
  config: CryptomusConfig,
  transport: HttpTransport,
  scrub: Scrubber,
): CryptomusClient => {
  const endpoint = <Bodies>(paths: { readonly [K in keyof Bodies]: string }) =>
    jsonClient<CryptomusConfig, Bodies>(
      paths,
      authHeaders,
      IDEMPOTENT.filter((name): name is keyof Bodies & (typeof IDEMPOTENT)[number] => name in paths),
    )(config, transport, scrub);
  const fixed = endpoint<Omit<CryptomusBodies, 'listInvoices'>>(CRYPTOMUS_ENDPOINTS);
  const listInvoices: Send<CryptomusListTarget> = (request) =>
    endpoint<Pick<CryptomusBodies, 'listInvoices'>>({
      listInvoices: listPath(request.wire.cursor),
    }).listInvoices(request);
  return { ...fixed, listInvoices };
};
