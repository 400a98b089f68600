import type { IncomingMessage, ServerResponse } from 'node:http';

const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/**
 * The `verify` hook that keeps the exact bytes a body parser read, for apps that mount
 * `express.json()` (or `express.urlencoded()`, `express.text()`) before the webhook route:
 * `app.use(express.json({ verify: keepRawBody }))`.
 */
export const keepRawBody = (request: IncomingMessage, _response: ServerResponse, body: Buffer): void => {
  rawBodies.set(request, body);
};

/** The bytes `keepRawBody` kept for this request, if a body parser read it. */
export const keptRawBody = (request: IncomingMessage): Buffer | undefined => rawBodies.get(request);
