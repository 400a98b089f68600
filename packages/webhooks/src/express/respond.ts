import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookAnswer } from '../answer';
import { closingHeaders } from '../node/closing';

/**
 * Sends an answer on a Node `ServerResponse`, unless something already answered or the connection is
 * gone. `Content-Length` goes with the head, so Node writes head and body at once instead of chunking.
 */
export const respond = (answer: WebhookAnswer, request: IncomingMessage, response: ServerResponse): void => {
  if (response.headersSent || response.writableEnded || response.destroyed) return;
  response
    .writeHead(
      answer.status,
      Object.assign({}, closingHeaders(answer, request), {
        'content-length': String(Buffer.byteLength(answer.body)),
      }),
    )
    .end(answer.body);
};
