import type { ServerResponse } from 'node:http';
import { webhookAnswer } from '../answer';
import { endpointWith } from '../flow';
import type { WebhookOptions } from '../options';
import { ports, type ExpressRequest } from './read';
import { respond } from './respond';

/** Options of `webhookMiddleware`; `routeBy` reads the provider's name from the request (e.g. `req.params`). */
export type ExpressWebhookOptions<N extends string = never> = WebhookOptions<N, ExpressRequest>;

/**
 * An Express request handler for a webhook route: `app.post('/webhooks', webhookMiddleware(…))`. It reads
 * the raw body itself, or takes what `keepRawBody` kept when a body parser ran first; it answers every
 * request and never calls `next`, throws or rejects. It is a plain Node `(req, res)` listener too.
 */
export const webhookMiddleware = <N extends string = never>(
  options: ExpressWebhookOptions<N>,
): ((request: ExpressRequest, response: ServerResponse) => void) => {
  const { handle } = endpointWith(ports)(options);
  return (request, response) => {
    void handle(request).then((outcome) => {
      try {
        respond(webhookAnswer(outcome), request, response);
      } catch {
        response.destroy();
      }
    });
  };
};
