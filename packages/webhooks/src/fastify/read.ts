import * as E from 'fp-ts/Either';
import type { FastifyRequest } from 'fastify';
import type { RequestPorts } from '../flow';
import { rawBodyUnavailable, type RequestRefused } from '../outcome';

/** What the plugin's content-type parser leaves as `request.body`: the exact bytes, or why there are none. */
export type RawBody = E.Either<RequestRefused, Buffer>;

const isRawBody = (u: unknown): u is RawBody =>
  typeof u === 'object' &&
  u !== null &&
  (('_tag' in u && u._tag === 'Right' && 'right' in u && Buffer.isBuffer(u.right)) ||
    ('_tag' in u && u._tag === 'Left' && 'left' in u));

const NOT_RAW =
  'the webhook route received a parsed body: register webhookPlugin with app.register(), not with ' +
  'fastify-plugin, so its raw-body parser stays in its own context';

// Fastify runs no parser for a request without a body; that body is empty.
const readBody = async (request: FastifyRequest): Promise<RawBody> =>
  request.body === undefined || request.body === null
    ? E.right(Buffer.alloc(0))
    : isRawBody(request.body)
      ? request.body
      : E.left(rawBodyUnavailable(NOT_RAW));

/** The Fastify ports of the request flow: the body was read by the plugin's own content-type parser. */
export const ports: RequestPorts<FastifyRequest> = {
  method: (request) => request.method,
  headers: (request) => request.headers,
  body: readBody,
};
