import * as E from 'fp-ts/Either';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { webhookAnswer } from '../answer';
import { endpointWith } from '../flow';
import { readStream } from '../node/readStream';
import { readOptions, type WebhookOptions } from '../options';
import { ports, type RawBody } from './read';
import { respond } from './respond';

/** Options of `webhookPlugin`: a `path` inside the plugin's prefix (default `/`); `routeBy` reads the name from the request (e.g. `params`). */
export type FastifyWebhookOptions<N extends string = never> = WebhookOptions<N, FastifyRequest> & {
  readonly path?: string;
};

/**
 * A Fastify plugin serving a webhook route: `app.register(webhookPlugin(…), { prefix: '/webhooks' })`.
 * Its raw-body parser replaces every content-type parser inside the plugin's own encapsulated context
 * only, so the app's other routes keep parsing JSON. It answers every method on `path` itself.
 */
export const webhookPlugin = <N extends string = never>(
  options: FastifyWebhookOptions<N>,
): FastifyPluginCallback => {
  const { handle, bodyLimit } = endpointWith(ports)(options);
  const path = E.isRight(readOptions(options)) && typeof options.path === 'string' ? options.path : '/';
  return (instance, _pluginOptions, done) => {
    instance.removeAllContentTypeParsers();
    // Fastify has routed the request (its params are set) before it parses the body.
    const readRaw = (
      request: FastifyRequest,
      payload: IncomingMessage,
      parsed: (error: null, body: RawBody) => void,
    ): void => {
      void readStream(payload, request.headers, bodyLimit(request)).then((body) => parsed(null, body));
    };
    // Fastify caches the parser it finds by media type, but looks the catch-all up anew on every request.
    instance.addContentTypeParser('application/json', readRaw);
    instance.addContentTypeParser('*', readRaw);
    instance.all(path, async (request, reply) =>
      respond(webhookAnswer(await handle(request)), request, reply),
    );
    done();
  };
};
