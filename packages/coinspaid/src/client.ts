import {
  jsonClient,
  type HttpTransport,
  type JsonClient,
  type Scrubber,
  type Send,
} from '@invoicekit/core/adapter';
import { authHeaders } from './auth';
import type { CoinspaidCancelTarget, CoinspaidInvoiceRequest } from './codecs';
import type { CoinspaidConfig } from './config';

/** The platform's fixed endpoints this adapter calls, relative to `baseUrl`; all are POST with a signed JSON body. */
export const COINSPAID_ENDPOINTS = { createInvoice: '/invoices/create' } as const;

/** The cancel endpoint of one invoice; the trailing slash is part of the documented path. */
export const cancelPath = (foreignId: string): string => `/invoices/${encodeURIComponent(foreignId)}/cancel/`;

/** The wire body each endpoint takes; a cancel's `foreign_id` names its path, its signed body is `{}`. */
export interface CoinspaidBodies {
  readonly createInvoice: CoinspaidInvoiceRequest;
  readonly cancelInvoice: CoinspaidCancelTarget;
}

/** The platform's endpoints: each sends one serialized body and returns the answer unread. */
export type CoinspaidClient = JsonClient<CoinspaidBodies>;

/**
 * Builds the client: each call signs the serialized body with the secret key and sends those same bytes.
 * No endpoint is idempotent: the platform refuses a second invoice for a `foreign_id` but its answer
 * does not give the first one, and a second cancel of a cancelled invoice is refused.
 */
export const createCoinspaidClient = (
  config: CoinspaidConfig,
  transport: HttpTransport,
  scrub: Scrubber,
): CoinspaidClient => {
  const endpoint = <Bodies>(paths: { readonly [K in keyof Bodies]: string }) =>
    jsonClient<CoinspaidConfig, Bodies>(paths, authHeaders)(config, transport, scrub);
  const cancelInvoice: Send<CoinspaidCancelTarget> = (request) =>
    endpoint<Pick<CoinspaidBodies, 'cancelInvoice'>>({
      cancelInvoice: cancelPath(request.wire.foreign_id),
    }).cancelInvoice(request);
  return { ...endpoint<Pick<CoinspaidBodies, 'createInvoice'>>(COINSPAID_ENDPOINTS), cancelInvoice };
};
