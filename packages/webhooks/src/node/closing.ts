import type { IncomingMessage } from 'node:http';
import type { WebhookAnswer } from '../answer';

/**
 * The answer's headers plus `Connection: close` on a 413 over HTTP/1: the client may still be sending
 * the body, and the connection is not worth keeping (HTTP/2 forbids the header).
 */
export const closingHeaders = (
  answer: WebhookAnswer,
  request: Pick<IncomingMessage, 'httpVersionMajor'>,
): Readonly<Record<string, string>> =>
  answer.status === 413 && request.httpVersionMajor === 1
    ? { ...answer.headers, connection: 'close' }
    : answer.headers;
