import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InvoiceEvent, InvoiceProvider, Money } from '@invoicekit/gateway';
import type { ScenarioDelivery, ScenarioMode, ShopAction } from '@invoicekit/testkit';
import { webhookHandler } from '@invoicekit/webhooks';

/** A webhook request as the endpoint received it: where it went, its headers and its exact bytes. */
export interface RigDelivery extends ScenarioDelivery {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** What the endpoint saw of one invoice: its deliveries, how many reached the ledger, the last action and amount owed. */
export interface Trail {
  readonly deliveries: RigDelivery[];
  handled: number;
  lastAction: ShopAction | null;
  /** What the provider said is still owed in the last report the ledger applied (set by the rig for creates and reads). */
  remaining: Money | null;
}

/** What the ledger answered about a delivery: whether it applied it, and the shop's action. */
export interface Handled {
  readonly applied: boolean;
  readonly action: ShopAction;
}

/** A webhook endpoint on loopback (`webhookHandler`) that keeps each invoice's deliveries and can hold or re-send them. */
export interface ScenarioEndpoint {
  readonly url: string;
  /** Lines the endpoint logged about deliveries it refused or failed. */
  readonly logged: ReadonlyArray<string>;
  /** Where the deliveries of one provider id in one configuration go. */
  hookUrl(mode: ScenarioMode, id: string): string;
  /** Serves `hookUrl(mode, provider.id)` with `provider`. */
  route(mode: ScenarioMode, provider: InvoiceProvider): void;
  /** The trail of one invoice. */
  trail(provider: string, invoiceId: string): Trail;
  /** From now on, answers the invoice's deliveries 200 and keeps them without handing them on. */
  hold(provider: string, invoiceId: string): void;
  /** Posts a delivery again, byte for byte, lifting its invoice's hold: the action for it, or null when it was not handed on. */
  resend(delivery: RigDelivery): Promise<ShopAction | null>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

const forwardable = (headers: IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined || HOP_BY_HOP.has(name)
        ? []
        : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

const keyOf = (provider: string, invoiceId: string): string => `${provider}\u0000${invoiceId}`;

const hookPath = (mode: ScenarioMode, id: string): string => `/hook/${mode}/${id}`;

/** Starts the endpoint on a free loopback port; every verified event not held goes to `apply` (the ledger's `onEvent`). */
export const startScenarioEndpoint = async (
  apply: (event: InvoiceEvent) => Promise<Handled>,
): Promise<ScenarioEndpoint> => {
  const trails = new Map<string, Trail>();
  const holding = new Set<string>();
  const routes = new Map<string, InvoiceProvider>();
  const logged: string[] = [];

  const trailOf = (key: string): Trail => {
    const found = trails.get(key) ?? { deliveries: [], handled: 0, lastAction: null, remaining: null };
    trails.set(key, found);
    return found;
  };

  const onEvent = (delivery: Omit<RigDelivery, 'held'>) => async (event: InvoiceEvent) => {
    const key = keyOf(event.provider, event.invoiceId);
    const trail = trailOf(key);
    const held = holding.has(key);
    trail.deliveries.push({ ...delivery, held });
    if (held) return;
    const result = await apply(event);
    trail.handled += 1;
    trail.lastAction = result.action;
    if (result.applied) trail.remaining = event.remaining;
  };

  const server = createServer((request, response) => {
    void readBody(request).then(async (body) => {
      const path = request.url ?? '/';
      const provider = routes.get(path);
      if (provider === undefined) return void response.writeHead(404).end();
      const headers = forwardable(request.headers);
      const handle = webhookHandler({
        provider,
        onEvent: onEvent({ path, headers, body }),
        handlerTimeoutMs: 10_000,
        logger: { warn: (line) => logged.push(line), error: (line) => logged.push(line) },
      });
      const answer = await handle(new Request(`http://127.0.0.1${path}`, { method: 'POST', headers, body }));
      response.writeHead(answer.status).end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    logged,
    hookUrl: (mode, id) => `${url}${hookPath(mode, id)}`,
    route: (mode, provider) => void routes.set(hookPath(mode, provider.id), provider),
    trail: (provider, invoiceId) => trailOf(keyOf(provider, invoiceId)),
    hold: (provider, invoiceId) => void holding.add(keyOf(provider, invoiceId)),
    resend: async (delivery) => {
      const [key, trail] = [...trails].find(([, candidate]) => candidate.deliveries.includes(delivery)) ?? [];
      if (key !== undefined) holding.delete(key);
      const before = trail?.handled ?? 0;
      const answer = await fetch(`${url}${delivery.path}`, {
        method: 'POST',
        headers: delivery.headers,
        body: delivery.body,
      });
      await answer.arrayBuffer();
      return answer.status === 200 && trail !== undefined && trail.handled > before ? trail.lastAction : null;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
