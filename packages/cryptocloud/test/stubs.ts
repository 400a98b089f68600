import nock from 'nock';
import * as E from 'fp-ts/Either';
import { parseJsonLossless, plainJson } from '@invoicekit/core/adapter';
import { BASE_URL } from './helpers';

/** One request nock received: the exact body text and the headers. */
export interface CapturedRequest {
  readonly body: string;
  readonly headers: Record<string, unknown>;
}

/** Stubs one POST to `path` with a response fixture and records what was sent. */
export const stubPost = (
  path: string,
  reply: { status: number; body: string },
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) => {
  const captured: CapturedRequest[] = [];
  const scope = nock(BASE_URL).post(path).reply(reply.status, reply.body, headers);
  scope.on('request', (req: { headers: Record<string, unknown> }, _interceptor: unknown, body: string) =>
    captured.push({ body, headers: req.headers }),
  );
  return { scope, captured };
};

/** The parsed JSON of a captured body, numbers as their digit text. */
export const sentJson = (request: CapturedRequest | undefined): unknown => {
  if (request === undefined) throw new Error('no request was sent');
  const parsed = parseJsonLossless(request.body);
  if (E.isLeft(parsed)) throw new Error(`sent body is not JSON: ${parsed.left}`);
  return plainJson(parsed.right);
};
