import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  DASHBOARD_FRAGMENT_PATH,
  dashboardMain,
  dashboardPage,
  type DashboardSnapshot,
} from './dashboardView';
import type { Emulation } from './emulator';
import type { WebhookDelivery } from './types';

/** What the dashboard reads: the emulations, the delivery log and the sandbox clock. */
export interface DashboardDeps {
  readonly emulations: ReadonlyMap<string, Emulation>;
  readonly deliveries: () => ReadonlyArray<WebhookDelivery>;
  readonly now: () => number;
}

/** Reads everything the dashboard shows, now. */
export const readSnapshot = (deps: DashboardDeps): DashboardSnapshot => {
  const emulations = [...deps.emulations.values()];
  return {
    nowMs: deps.now(),
    providers: emulations.map((e) => ({
      provider: e.provider,
      name: e.name,
      prefix: e.prefix,
      pageKinds: e.pageKinds,
    })),
    invoices: emulations.flatMap((e) => e.list()),
    deliveries: deps.deliveries(),
  };
};

const wantsHtml = (request: FastifyRequest): boolean => /\btext\/html\b/.test(request.headers.accept ?? '');

/**
 * `GET /`: the dashboard for a browser (`Accept: text/html`), the sandbox's JSON description otherwise;
 * `GET /_sandbox/dashboard`: the dashboard's fresh `<main>`, which the page polls.
 */
export const dashboardRoutes =
  (deps: DashboardDeps, describe: () => object): FastifyPluginAsync =>
  async (app) => {
    app.get('/', async (request, reply) =>
      wantsHtml(request)
        ? reply.type('text/html; charset=utf-8').send(dashboardPage(readSnapshot(deps)))
        : describe(),
    );
    app.get(DASHBOARD_FRAGMENT_PATH, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(dashboardMain(readSnapshot(deps))),
    );
  };
