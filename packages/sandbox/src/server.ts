import Fastify, { type FastifyInstance } from 'fastify';
import { controlRoutes, type ControlDeps } from './control';
import { pageRoutes } from './pages';

/** The fastify app: provider APIs under their prefixes (each request counted), pages under `/pay`, control under `/_sandbox`; raw bodies, logger off. */
export const buildServer = (deps: ControlDeps): FastifyInstance => {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const emulation of deps.emulations.values())
    void app.register(
      async (api) => {
        api.addHook('onRequest', async () => deps.faults.count(emulation.provider));
        await api.register(emulation.routes);
      },
      { prefix: emulation.prefix },
    );
  void app.register(pageRoutes(deps.emulations));
  void app.register(controlRoutes(deps), { prefix: '/_sandbox' });
  app.get('/', async () => ({
    name: '@invoicekit/sandbox',
    providers: [...deps.emulations.values()].map((e) => ({ provider: e.provider, api: e.prefix })),
    control: '/_sandbox',
  }));
  return app;
};
