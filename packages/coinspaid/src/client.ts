import { jsonClient, type JsonClient } from '@invoicekit/core/adapter';
import { authHeaders } from './auth';
import type { CoinspaidInvoiceRequest } from './codecs';
import type { CoinspaidConfig } from './config';

/** The platform's endpoints this adapter calls, relative to `baseUrl`; all are POST with a signed JSON body. */
export const COINSPAID_ENDPOINTS = { createInvoice: '/invoices/create' } as const;

/** The wire body each endpoint takes. */
export interface CoinspaidBodies {
  readonly createInvoice: CoinspaidInvoiceRequest;
}

/** The platform's endpoints: each sends one serialized body and returns the answer unread. */
export type CoinspaidClient = JsonClient<CoinspaidBodies>;

/** Builds the client: each call signs the serialized body with the secret key and sends those same bytes. */
export const createCoinspaidClient = jsonClient<CoinspaidConfig, CoinspaidBodies>(
  COINSPAID_ENDPOINTS,
  authHeaders,
);
