import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import { networkError, type InvoiceError } from './errors';
import type { ProviderId } from './ids';
import { scrubError, type Scrubber } from './scrub';

/** What a request does, for hooks, spans and retries: the adapter's name for it and whether it may be sent again. */
export interface RequestOperation {
  /** The endpoint's name in the adapter (`createInvoice`, `invoiceInfo`, `getPaymentMethods`…). */
  readonly name: string;
  /**
   * True when sending it again cannot change anything at the provider: a read, or a write the provider
   * itself deduplicates. Only such requests are retried after an answer or a failure that may have reached it.
   */
  readonly idempotent: boolean;
}

/** One HTTP request, with the exact body bytes to send. */
export interface HttpRequest {
  readonly provider: ProviderId;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
  /** What the request does; absent, it is reported as `request` and never re-sent once it may have arrived. */
  readonly operation?: RequestOperation;
}

/** The raw HTTP answer: any status, lower-case header names, the body as text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The one HTTP seam every adapter calls; it never throws or rejects. */
export type HttpTransport = (request: HttpRequest) => TE.TaskEither<InvoiceError, HttpResponse>;

/**
 * Wraps a transport so one that throws or rejects still yields a `NetworkError` (`ETRANSPORT`), and
 * every response body and transport error reaches the adapter with the configured credentials scrubbed out.
 */
export const guardTransport =
  (transport: HttpTransport, scrub: Scrubber): HttpTransport =>
  (request) =>
  async () => {
    let result: E.Either<InvoiceError, HttpResponse>;
    try {
      result = await transport(request)();
    } catch {
      result = E.left(networkError(request.provider, 'ETRANSPORT'));
    }
    return E.isLeft(result)
      ? E.left(scrubError(scrub)(result.left))
      : E.right({
          status: result.right.status,
          headers: result.right.headers,
          body: scrub(result.right.body),
        });
  };
