import Fastify, { type FastifyInstance } from 'fastify';
import { crossOrigin, foreignHost, refuseWhen, withoutIntent, type AllowedHost } from './access';
import { controlRoutes, type ControlDeps } from './control';
import { dashboardRoutes } from './dashboard';
import { pageRoutes } from './pages';

/**
 * The fastify app: provider APIs under their prefixes (each request counted), pages under `/pay`,
 * the dashboard at `/`, control under `/_sandbox`; raw bodies, logger off. Pages and control answer only their own `Host`
 * names (loopback and `allowedHosts`); control requests and page actions are refused from another
 * origin and, when they change state, without a JSON content type or `X-Invoicekit-Sandbox`.
 */
export const buildServer = (deps: ControlDeps, allowedHosts: ReadonlyArray<AllowedHost>): FastifyInstance => {
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  for (const emulation of deps.emulations.values())
    void app.register(
      async (api) => {
        api.addHook('onRequest', async () => deps.faults.count(emulation.provider));
        api.addHook('onResponse', async (request, reply) =>
          deps.console.request({
            provider: emulation.provider,
            method: request.method,
            path: request.url,
            status: reply.statusCode,
            ms: Math.round(reply.elapsedTime),
          }),
        );
        await api.register(emulation.routes);
      },
      { prefix: emulation.prefix },
    );
  const intended = refuseWhen(crossOrigin, withoutIntent);
  void app.register(async (own) => {
    own.addHook('onRequest', refuseWhen(foreignHost(allowedHosts)));
    await own.register(pageRoutes(deps.emulations, intended, deps.clock.now));
    await own.register(
      async (control) => {
        control.addHook('onRequest', intended);
        await control.register(controlRoutes(deps));
      },
      { prefix: '/_sandbox' },
    );
    await own.register(async (dashboard) => {
      dashboard.addHook('onRequest', intended);
      await dashboard.register(
        dashboardRoutes(
          { emulations: deps.emulations, deliveries: deps.deliverer.log, now: deps.clock.now },
          () => ({
            name: '@invoicekit/sandbox',
            providers: [...deps.emulations.values()].map((e) => ({ provider: e.provider, api: e.prefix })),
            control: '/_sandbox',
          }),
        ),
      );
    });
  });
  return app;
};
