// Run in the fresh CommonJS and ESM projects: a sandbox invoice created, paid, and its webhook received and verified.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '@invoicekit/sandbox';
import { createProvider, describeError, type InvoiceEvent } from '@invoicekit/gateway';
import { webhookHandler } from '@invoicekit/webhooks';

const toRequest = async (req: IncomingMessage): Promise<Request> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    for (const one of [value ?? []].flat()) headers.append(name, one);
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'POST',
    headers,
    body: chunks.length === 0 ? null : Buffer.concat(chunks),
  });
};

const send = async (res: ServerResponse, response: Response): Promise<void> => {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
};

const main = async (): Promise<void> => {
  const events: InvoiceEvent[] = [];
  let handle = async (_request: Request): Promise<Response> => new Response(null, { status: 503 });
  const server = createServer(
    (req, res) =>
      void toRequest(req)
        .then(handle)
        .then((response) => send(res, response)),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const sandbox = await startSandbox({ port: 0, webhookUrl: `http://127.0.0.1:${port}/webhooks` });
  try {
    const provider = createProvider({
      provider: 'cryptoprocessing',
      ...sandbox.credentials.cryptoprocessing,
      environment: 'sandbox',
    });
    if (provider._tag === 'Left') throw new Error(describeError(provider.left));
    handle = webhookHandler({ provider: provider.right, onEvent: (event) => void events.push(event) });
    const created = await provider.right.createInvoice({
      orderId: 'order-1001',
      amount: '149.90',
      currency: 'EUR',
      title: 'Order #1001',
      customer: {
        reference: 'customer-77',
        email: 'buyer@shop.example',
        sender: { type: 'natural', firstName: 'Friedrich', lastName: 'Müller', dateOfBirth: '1995-08-17' },
      },
      payCurrency: 'BTC',
      expiresInMinutes: 15,
      redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
    })();
    if (created._tag === 'Left') throw new Error(describeError(created.left));
    await sandbox.pay('cryptoprocessing', created.right.id, 'full');
    const paid = events.find((event) => event.status === 'paid');
    if (paid === undefined) throw new Error(`no verified "paid" event; got ${JSON.stringify(events)}`);
    const { provider: name, invoiceId, orderId, status, confirmed, dedupeKey } = paid;
    console.log(JSON.stringify({ provider: name, invoiceId, orderId, status, confirmed, dedupeKey }));
  } finally {
    await sandbox.close();
    server.close();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
