import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import { networkError, type InvoiceError } from './errors';
import type { ProviderId } from './ids';

/** One HTTP request, with the exact body bytes to send. */
export interface HttpRequest {
  readonly provider: ProviderId;
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly timeoutMs: number;
}

/** The raw HTTP answer: any status, lower-case header names, the body as text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The one HTTP seam every adapter calls; it never throws or rejects. */
export type HttpTransport = (request: HttpRequest) => TE.TaskEither<InvoiceError, HttpResponse>;

/** Wraps a caller-supplied transport so one that throws or rejects still yields a `NetworkError` (`ETRANSPORT`). */
export const guardTransport =
  (transport: HttpTransport): HttpTransport =>
  (request) =>
    pipe(
      TE.tryCatch(
        () => transport(request)(),
        () => networkError(request.provider, 'ETRANSPORT'),
      ),
      TE.flatMap(TE.fromEither),
    );
