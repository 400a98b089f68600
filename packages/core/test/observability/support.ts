import * as E from 'fp-ts/Either';
import type { InvoiceError } from '../../src/errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/transport';

/** What a scripted transport answers to one attempt. */
export type Scripted = E.Either<InvoiceError, HttpResponse> | (() => never);

/** A transport answering each attempt with the next scripted outcome (the last one repeats), recording each request. */
export const scriptedTransport = (script: ReadonlyArray<Scripted>) => {
  const sent: HttpRequest[] = [];
  const transport: HttpTransport = (request) => async () => {
    sent.push(request);
    const next = script[Math.min(sent.length - 1, script.length - 1)]!;
    return typeof next === 'function' ? next() : next;
  };
  return { transport, sent };
};

/** An answer with a status, a body and headers. */
export const answer = (status: number, body = '{}', headers: Record<string, string> = {}) =>
  E.right<InvoiceError, HttpResponse>({ status, body, headers });

/** A request labelled with an operation. */
export const request = (idempotent: boolean, overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  provider: 'acme',
  method: 'POST',
  url: 'https://api.acme.test/v1/invoice?key=sk_live_abcdef',
  headers: { authorization: 'Bearer sk_live_abcdef' },
  body: '{"order_id":"o-1","email":"ada@shop.example","amount":12345678.123456789}',
  timeoutMs: 500,
  operation: { name: idempotent ? 'getInvoice' : 'createInvoice', idempotent },
  ...overrides,
});
