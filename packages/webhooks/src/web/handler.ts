import { webhookAnswer } from '../answer';
import { endpointWith } from '../flow';
import type { WebhookOptions } from '../options';
import { ports } from './read';
import { respond } from './respond';

/** Options of `webhookHandler`; `routeBy` reads the provider's name from the `Request` (e.g. its URL). */
export type WebhookHandlerOptions<N extends string = never> = WebhookOptions<N, Request>;

/**
 * A WHATWG `(request: Request) => Promise<Response>` webhook endpoint: Next.js App Router route handlers,
 * Hono (`c.req.raw`), any fetch-style server. It reads the raw body itself and never rejects.
 */
export const webhookHandler = <N extends string = never>(
  options: WebhookHandlerOptions<N>,
): ((request: Request) => Promise<Response>) => {
  const { handle } = endpointWith(ports)(options);
  return async (request) => respond(webhookAnswer(await handle(request)));
};
