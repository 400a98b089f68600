import Fastify, { type FastifyInstance } from 'fastify';
import type { ProviderId } from './types';
import { controlRoutes, type ControlDeps } from './control';
import type { Engine } from './engine';
import { pageRoutes } from './pages';

/** The fastify app: provider APIs under their prefixes, pages under `/pay`, control under `/_sandbox`; raw bodies, logger off. */
export const buildServer = (
  engines: ReadonlyMap<ProviderId, Engine>,
  control: ControlDeps,
): FastifyInstance => {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const engine of engines.values()) void app.register(engine.routes, { prefix: engine.prefix });
  void app.register(pageRoutes(engines));
  void app.register(controlRoutes(control), { prefix: '/_sandbox' });
  app.get('/', async () => ({
    name: '@invoicekit/sandbox',
    providers: [...engines.values()].map((e) => ({ provider: e.provider, api: e.prefix })),
    control: '/_sandbox',
  }));
  return app;
};
