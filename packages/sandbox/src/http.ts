import type { FastifyRequest } from 'fastify';

/** The raw request body bytes (empty when there was none). */
export const rawBody = (request: FastifyRequest): Buffer =>
  Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);

/** True when the request declares `Content-Type: application/json` (parameters allowed). */
export const isJsonRequest = (request: FastifyRequest): boolean =>
  (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
