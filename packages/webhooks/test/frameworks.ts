import { getRequestListener } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import type { Gateway, InvoiceProvider } from '@invoicekit/gateway';
import { webhookHandler, type HandlerSettings } from '../src';
import { webhookMiddleware } from '../src/express';
import { webhookPlugin } from '../src/fastify';
import { startLoopback } from './servers';

/** Where deliveries go: one provider, or a gateway routed by credentials or by the name after `/webhooks/`. */
export type Source =
  | { readonly provider: InvoiceProvider }
  | { readonly gateway: Gateway<string>; readonly routeBy: 'credentials' | 'name' };

/** A webhook endpoint on a loopback server: deliveries go to `${url}/webhooks` (or `${url}/webhooks/<name>`). */
export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a webhook endpoint for `source` with `settings` over loopback. */
export type Mount = (source: Source, settings: HandlerSettings<string>) => Promise<Served>;

const lastSegment = (path: string): string | undefined => path.split('/').at(-1);

const withRouteBy = <Req>(source: Source, byName: (request: Req) => string | undefined) =>
  'provider' in source
    ? { provider: source.provider }
    : {
        gateway: source.gateway,
        routeBy: source.routeBy === 'credentials' ? ('credentials' as const) : byName,
      };

const expressMount: Mount = async (source, settings) => {
  const server = await startLoopback();
  const app = express();
  app.post(
    ['/webhooks', '/webhooks/:provider'],
    webhookMiddleware({ ...withRouteBy(source, (req) => req.params?.provider), ...settings }),
  );
  app.use(express.json());
  server.listen(app);
  return server;
};

const fastifyMount: Mount = async (source, settings) => {
  const app = Fastify();
  app.register(
    webhookPlugin({
      ...withRouteBy(source, (request) => (request.params as { provider?: string }).provider),
      ...settings,
      path: 'gateway' in source && source.routeBy === 'name' ? '/:provider' : '/',
    }),
    { prefix: '/webhooks' },
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
};

const requestHandlerMount: Mount = async (source, settings) => {
  const server = await startLoopback();
  const handle = webhookHandler({
    ...withRouteBy(source, (request: Request) => lastSegment(new URL(request.url).pathname)),
    ...settings,
  });
  server.listen(getRequestListener(handle));
  return server;
};

/** The three handlers, each on a real server over loopback. */
export const FRAMEWORKS: ReadonlyArray<[string, Mount]> = [
  ['Express (webhookMiddleware)', expressMount],
  ['Fastify (webhookPlugin)', fastifyMount],
  ['Request handler (webhookHandler on @hono/node-server)', requestHandlerMount],
];
