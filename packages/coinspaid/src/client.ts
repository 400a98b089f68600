import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { type InvoiceError } from '@invoicekit/core';
import {
  credentialScrubber,
  guardTransport,
  type HttpResponse,
  type HttpTransport,
} from '@invoicekit/core/adapter';
import type { CoinspaidSettings } from './config';
import { signBody } from './signature';

/** A serialized request body and the order it is for; `body` is exactly what is signed and sent. */
export interface CoinspaidOutgoing {
  readonly orderId: string;
  readonly body: string;
}

/** One request and the raw answer to it. */
export interface CoinspaidExchange {
  readonly request: CoinspaidOutgoing;
  readonly response: HttpResponse;
}

/** The platform's endpoints this adapter calls. */
export interface CoinspaidClient {
  readonly createInvoice: (request: CoinspaidOutgoing) => TE.TaskEither<InvoiceError, CoinspaidExchange>;
}

/**
 * Builds the client: each call signs the serialized body with the secret key and sends those same
 * bytes; every answer reaches the adapter with both keys scrubbed out.
 */
export const createCoinspaidClient = (
  settings: CoinspaidSettings,
  transport: HttpTransport,
): CoinspaidClient => {
  const send = guardTransport(transport, credentialScrubber([settings.apiKey, settings.secretKey]));
  const post =
    (path: string) =>
    (request: CoinspaidOutgoing): TE.TaskEither<InvoiceError, CoinspaidExchange> =>
      pipe(
        send({
          provider: settings.provider,
          method: 'POST',
          url: `${settings.baseUrl}${path}`,
          headers: {
            'Content-Type': 'application/json',
            'X-Processing-Key': settings.apiKey.reveal(),
            'X-Processing-Signature': signBody(request.body, settings.secretKey.reveal()),
          },
          body: request.body,
          timeoutMs: settings.timeoutMs,
        }),
        TE.map((response) => ({ request, response })),
      );
  return { createInvoice: post('/invoices/create') };
};
