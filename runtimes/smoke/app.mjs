// The smoke app every runtime serves, through the published packages' public API only: a WHATWG
// `fetch(request) → Response` handler (a Worker's default export; host.mjs serves it on Node, Bun and Deno).
//   POST /setup           {configs: {name: providerConfig}} → builds a provider and a webhook handler per name
//   POST /invoices/<name> → createInvoice; says whether the provider can read an invoice back
//   POST /read/<name>     {id, orderId} → getInvoice
//   POST /webhooks/<name> → webhookHandler(Request) of that provider
//   GET  /events          → the verified events and the handlers' log lines so far
/* global Response, URL */
import { createProvider, describeError } from '@invoicekit/gateway';
import { webhookHandler } from '@invoicekit/webhooks';

/** An order every provider accepts, CryptoProcessing's sender fields included. */
const order = (orderId) => ({
  orderId,
  amount: '100.00',
  currency: 'EUR',
  title: `Order ${orderId}`.slice(0, 50),
  customer: {
    reference: 'customer-77',
    email: 'buyer@shop.example',
    sender: { type: 'natural', firstName: 'Friedrich', lastName: 'Müller', dateOfBirth: '1995-08-17' },
  },
  redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
});

const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

const summary = (invoice) => ({ id: invoice.id, orderId: invoice.orderId, status: invoice.status });

/** A fresh app: its providers, the events they verified and the lines their handlers logged. */
export const createSmokeApp = () => {
  const providers = new Map();
  const events = [];
  const logs = [];
  const logger = { warn: (line) => logs.push(line), error: (line) => logs.push(line) };
  let orders = 0;

  const setup = async (request) => {
    const { configs } = await request.json();
    const problems = [];
    for (const [name, config] of Object.entries(configs)) {
      const built = createProvider(config);
      if (built._tag === 'Left') {
        problems.push(`${name}: ${describeError(built.left)}`);
        continue;
      }
      const onEvent = (event) => {
        events.push({ name, invoiceId: event.invoiceId, status: event.status, dedupeKey: event.dedupeKey });
      };
      providers.set(name, {
        provider: built.right,
        handle: webhookHandler({ provider: built.right, onEvent, logger }),
      });
    }
    return json({ ready: [...providers.keys()], problems });
  };

  const create = async ({ provider }, name) => {
    orders += 1;
    const created = await provider.createInvoice(order(`smoke-${name}-${Date.now()}-${orders}`))();
    return created._tag === 'Left'
      ? json({ error: describeError(created.left) })
      : json({ created: summary(created.right), readable: provider.capabilities.operations.getInvoice });
  };

  const read = async ({ provider }, request) => {
    const read = await provider.getInvoice(await request.json())();
    return json(read._tag === 'Left' ? { error: describeError(read.left) } : { read: summary(read.right) });
  };

  return async (request) => {
    const [, route, name] = new URL(request.url).pathname.split('/');
    try {
      if (route === 'setup' && request.method === 'POST') return await setup(request);
      if (route === 'events') return json({ events, logs });
      const entry = providers.get(name ?? '');
      if (entry === undefined) return json({ error: `no provider named ${name}` }, 404);
      if (route === 'invoices' && request.method === 'POST') return await create(entry, name);
      if (route === 'read' && request.method === 'POST') return await read(entry, request);
      if (route === 'webhooks') return await entry.handle(request);
      return json({ error: `no route ${request.method} ${route}` }, 404);
    } catch (error) {
      return json({ error: `the app threw: ${error instanceof Error ? error.name : typeof error}` }, 500);
    }
  };
};

export default { fetch: createSmokeApp() };
