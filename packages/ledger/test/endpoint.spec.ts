jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProvider, getOrThrow, signCallback, type InvoiceProvider } from '@invoicekit/gateway';
import { startSandbox, type Sandbox } from '@invoicekit/sandbox';
import { webhookMiddleware } from '@invoicekit/webhooks/express';
import { openLedger, pglite, type FeedEntry, type Ledger } from '../src';
import { run } from './support/harness';

/** A webhook endpoint on loopback whose handler is set once the provider exists. */
const listen = async (): Promise<{ server: Server; url: string; serve(handler: Handler): void }> => {
  let current: Handler = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => current(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/webhooks`, serve: (handler) => (current = handler) };
};
type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const waitFor = async (check: () => Promise<boolean>, ms = 10_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the ledger');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** The documented ship rule: applied, paid in full or more, no flags. */
const ships = (entry: FeedEntry): boolean =>
  entry.applied && (entry.to === 'paid' || entry.to === 'overpaid') && entry.flags.length === 0;

const entriesOf = async (ledger: Ledger, invoiceId: string): Promise<FeedEntry[]> =>
  (await run(ledger.transitions({ limit: 1000 }))).entries.filter((entry) => entry.invoiceId === invoiceId);

let ledger: Ledger;

beforeAll(async () => {
  ledger = await run(openLedger({ storage: pglite() }));
});

afterAll(async () => {
  await run(ledger.close());
});

describe('a webhook endpoint handing sandbox deliveries straight to the ledger', () => {
  let sandbox: Sandbox;
  let endpoint: Awaited<ReturnType<typeof listen>>;
  let provider: InvoiceProvider;

  beforeAll(async () => {
    endpoint = await listen();
    sandbox = await startSandbox({ webhookUrl: endpoint.url });
    const { baseUrl, ...keys } = sandbox.credentials.cryptoprocessing;
    provider = getOrThrow(
      createProvider({ provider: 'cryptoprocessing', ...keys, baseUrl, environment: 'sandbox' }),
    );
    endpoint.serve(webhookMiddleware({ provider, onEvent: ledger.onEvent }));
  });

  afterAll(async () => {
    await sandbox.close();
    await new Promise((resolve) => endpoint.server.close(resolve));
  });

  it('applies each transition once, and answers a repeated delivery 200 without applying it again', async () => {
    const invoice = await run(
      ledger.createInvoice(provider, {
        orderId: `order-endpoint-${Date.now()}`,
        amount: '100',
        currency: 'EUR',
        title: 'Order',
        redirectUrls: { success: 'https://shop.example/ok', failure: 'https://shop.example/fail' },
        customer: {
          email: 'buyer@shop.example',
          reference: 'customer-1',
          sender: { type: 'legal', legalName: 'Espresso GmbH', countryOfRegistration: 'DEU' },
        },
      }),
    );
    await sandbox.pay('cryptoprocessing', invoice.id, 'full');
    await waitFor(
      async () =>
        (await run(ledger.invoice('cryptoprocessing', { invoiceId: invoice.id })))?.status === 'paid',
    );

    const ours = () => entriesOf(ledger, invoice.id);
    const before = await ours();
    expect(before.filter((entry) => entry.applied).map((entry) => entry.to)).toEqual(
      expect.arrayContaining(['processing', 'paid']),
    );
    // environment: 'sandbox' makes every CoinsPaid-platform invoice and callback a test.
    expect(before.find((entry) => entry.to === 'paid')).toMatchObject({
      applied: true,
      testMode: true,
      flags: ['test_mode'],
    });
    expect(before.filter(ships)).toEqual([]);

    const delivered = sandbox.deliveries().filter((d) => d.invoiceId === invoice.id && d.ok);
    expect(delivered.map((d) => d.event)).toEqual(['processing', 'confirmed']);
    const confirmed = delivered[1]!;
    const { apiKey, secretKey } = sandbox.credentials.cryptoprocessing;
    const again = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'Content-Type': confirmed.contentType,
        'X-Processing-Key': apiKey,
        'X-Processing-Signature': signCallback(confirmed.body, secretKey),
      },
      body: confirmed.body,
    });
    expect(again.status).toBe(200);
    expect(await ours()).toEqual(before);
  });
});

describe.each([
  { name: 'a test-mode', testMode: true, ship: [] },
  { name: 'a live', testMode: false, ship: ['paid'] },
])('$name CryptoCloud payment through the endpoint and the ledger', ({ testMode, ship }) => {
  let sandbox: Sandbox;
  let endpoint: Awaited<ReturnType<typeof listen>>;
  let provider: InvoiceProvider;

  beforeAll(async () => {
    endpoint = await listen();
    sandbox = await startSandbox({ webhookUrl: endpoint.url, cryptocloudTestMode: testMode });
    provider = getOrThrow(
      createProvider({ provider: 'cryptocloud', ...sandbox.credentials.cryptocloud, allowTestMode: true }),
    );
    endpoint.serve(webhookMiddleware({ provider, onEvent: ledger.onEvent }));
  });

  afterAll(async () => {
    await sandbox.close();
    await new Promise((resolve) => endpoint.server.close(resolve));
  });

  it(`${testMode ? 'never reads' : 'reads'} as a paid order to ship`, async () => {
    const invoice = await run(
      ledger.createInvoice(provider, {
        orderId: `order-cc-${testMode}-${Date.now()}`,
        amount: '100',
        currency: 'USD',
      }),
    );
    expect(invoice.testMode).toBe(testMode);
    await sandbox.pay('cryptocloud', invoice.id, 'full');
    await waitFor(
      async () => (await run(ledger.invoice('cryptocloud', { invoiceId: invoice.id })))?.status === 'paid',
    );
    const entries = await entriesOf(ledger, invoice.id);
    expect(entries.find((entry) => entry.to === 'paid')).toMatchObject({ applied: true, testMode });
    expect(entries.every((entry) => entry.testMode === testMode)).toBe(true);
    expect(entries.filter(ships).map((entry) => entry.to)).toEqual(ship);
  });
});
