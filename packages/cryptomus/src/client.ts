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

/** Builds the client: each call signs the serialized body with the payment API key and sends those same bytes. */
export const createCryptomusClient = (
  config: CryptomusConfig,
  transport: HttpTransport,
  scrub: Scrubber,
): CryptomusClient => {
  const endpoint = <Bodies>(paths: { readonly [K in keyof Bodies]: string }) =>
    jsonClient<CryptomusConfig, Bodies>(paths, authHeaders)(config, transport, scrub);
  const fixed = endpoint<Omit<CryptomusBodies, 'listInvoices'>>(CRYPTOMUS_ENDPOINTS);
  const listInvoices: Send<CryptomusListTarget> = (request) =>
    endpoint<Pick<CryptomusBodies, 'listInvoices'>>({
      listInvoices: listPath(request.wire.cursor),
    }).listInvoices(request);
  return { ...fixed, listInvoices };
};
