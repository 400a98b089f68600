import { jsonClient, type JsonClient } from '@invoicekit/core/adapter';
import { authHeaders } from './auth';
import type {
  CryptocloudCancelRequest,
  CryptocloudInfoRequest,
  CryptocloudInvoiceRequest,
  CryptocloudListRequest,
} from './codecs';
import type { CryptocloudConfig } from './config';

/** The CryptoCloud API v2 endpoints, relative to `baseUrl`; all are POST with a JSON body. */
export const CRYPTOCLOUD_ENDPOINTS = {
  createInvoice: '/v2/invoice/create',
  invoiceInfo: '/v2/invoice/merchant/info',
  cancelInvoice: '/v2/invoice/merchant/canceled',
  listInvoices: '/v2/invoice/merchant/list',
} as const;

/** The wire body each endpoint takes. */
export interface CryptocloudBodies {
  readonly createInvoice: CryptocloudInvoiceRequest;
  readonly invoiceInfo: CryptocloudInfoRequest;
  readonly cancelInvoice: CryptocloudCancelRequest;
  readonly listInvoices: CryptocloudListRequest;
}

/** The four CryptoCloud endpoints: each sends one serialized body and returns the answer unread. */
export type CryptocloudClient = JsonClient<CryptocloudBodies>;

/**
 * Builds the client: each call sends the serialized body with the API key as a `Token`. The two reads
 * are idempotent; a create is not (CryptoCloud makes a new invoice for a repeated `order_id`), nor is a
 * cancel (a second one of a cancelled invoice is refused).
 */
export const createCryptocloudClient = jsonClient<CryptocloudConfig, CryptocloudBodies>(
  CRYPTOCLOUD_ENDPOINTS,
  authHeaders,
  ['invoiceInfo', 'listInvoices'],
);
