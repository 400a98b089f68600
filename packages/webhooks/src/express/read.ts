import * as E from 'fp-ts/Either';
import type { IncomingMessage } from 'node:http';
import type { RequestPorts } from '../flow';
import { readStream } from '../node/readStream';
import { bodyTooLarge, rawBodyUnavailable, type RequestRefused } from '../outcome';
import { keptRawBody } from './rawBody';

/** The request as an Express app hands it over: a Node `IncomingMessage`, with route `params` when mounted on a route. */
export interface ExpressRequest extends IncomingMessage {
  readonly params?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

const CONSUMED =
  'another middleware read the request body before the webhook handler, so its exact bytes are gone: ' +
  'at start-up, mount the webhook route before express.json() / express.urlencoded() / express.text(), ' +
  'or pass { verify: keepRawBody } (from @invoicekit/webhooks/express) to each of them';

const consumed = (request: IncomingMessage): boolean => request.readableDidRead || request.readableEnded;

const readBody = async (
  request: ExpressRequest,
  maxBodyBytes: number,
): Promise<E.Either<RequestRefused, Buffer>> => {
  if (!consumed(request)) return readStream(request, request.headers, maxBodyBytes);
  // express.raw() leaves the bytes it read as a Buffer; any other parser leaves only what it made of them.
  const kept = keptRawBody(request) ?? (Buffer.isBuffer(request.body) ? request.body : undefined);
  return kept === undefined
    ? E.left(rawBodyUnavailable(CONSUMED))
    : kept.length > maxBodyBytes
      ? E.left(bodyTooLarge(maxBodyBytes))
      : E.right(kept);
};

/** The Express (Node `IncomingMessage`) ports of the request flow. */
export const ports: RequestPorts<ExpressRequest> = {
  method: (request) => request.method ?? '',
  headers: (request) => request.headers,
  body: readBody,
};
