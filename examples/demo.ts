import * as E from 'fp-ts/Either';
import type { Sandbox, SandboxProviderId } from '@invoicekit/sandbox';
import type { Gateway, Invoice, InvoiceStatus, ProviderConfig } from '@invoicekit/gateway';
import type { Ledger } from '@invoicekit/ledger';
import { exampleOrder } from './order';
import { startWebhookReceiver, type WebhookReceiver } from './receiver';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const start = performance.now();
console.log('invoicekit demo — starting');

/** Prints what is starting, then how long it took. */
const step = async <A>(what: string, run: () => Promise<A>): Promise<A> => {
  process.stdout.write(`  ${what} … `);
  const started = performance.now();
  try {
    const result = await run();
    console.log(seconds(performance.now() - started));
    return result;
  } catch (error) {
    console.log('failed');
    throw error;
  }
};

/** The packages load after the first line, so the demo talks while they compile. */
const loadKit = async () => ({
  gateway: await import('@invoicekit/gateway'),
  ledger: await import('@invoicekit/ledger'),
  sandbox: await import('@invoicekit/sandbox'),
});
type Kit = Awaited<ReturnType<typeof loadKit>>;

type Name = SandboxProviderId;
const NAMES: ReadonlyArray<Name> = [
  'cryptoprocessing',
  'alphapo',
  'coinspaid',
  'cryptocloud',
  'cryptomus',
  'btcpay',
  'nowpayments',
];
const SETTLED: ReadonlySet<InvoiceStatus> = new Set(['paid', 'overpaid', 'expired', 'failed', 'cancelled']);

/** The one order every provider gets; only configuration differs between them. */
const order = exampleOrder('order-1001');

/**
 * Each provider in its test set-up (CryptoCloud's is a project setting, the others' an environment),
 * pointed at the sandbox; one branch per credential shape, so each configuration is typed.
 */
const configFor = (sandbox: Sandbox, name: Name): ProviderConfig =>
  name === 'cryptocloud'
    ? { provider: name, ...sandbox.credentials[name], timeoutMs: 5000, allowTestMode: true }
    : name === 'cryptomus' || name === 'heleket'
      ? { provider: name, ...sandbox.credentials[name], environment: 'sandbox', timeoutMs: 5000 }
      : name === 'btcpay'
        ? { provider: name, ...sandbox.credentials[name], environment: 'sandbox', timeoutMs: 5000 }
        : { provider: name, ...sandbox.credentials[name], environment: 'sandbox', timeoutMs: 5000 };

const fail = (what: string): never => {
  throw new Error(what);
};

const statusPathOf = async (
  kit: Kit,
  gateway: Gateway<Name>,
  receiver: WebhookReceiver,
  ledger: Ledger,
  name: Name,
  invoice: Invoice,
) => {
  const path: InvoiceStatus[] = [invoice.status];
  while (!SETTLED.has(path[path.length - 1]!)) {
    const { request } = await receiver.next(name);
    const verified = await gateway.parseWebhook(name, request)();
    if (E.isLeft(verified)) fail(`${name}: webhook rejected: ${kit.gateway.describeError(verified.left)}`);
    else {
      path.push(verified.right.status);
      await ledger.onEvent(verified.right);
    }
  }
  return path;
};

const runProvider = async (
  kit: Kit,
  gateway: Gateway<Name>,
  sandbox: Sandbox,
  receiver: WebhookReceiver,
  ledger: Ledger,
  name: Name,
) => {
  // NOWPayments invoices take no lifetime (a payment expires after 7 days): the same order without one.
  const request = name === 'nowpayments' ? { ...order, expiresInMinutes: undefined } : order;
  const created = await ledger.createInvoice(gateway.provider(name), request)();
  if (E.isLeft(created)) return fail(`${name}: ${kit.ledger.describeLedgerError(created.left)}`);
  const invoice = created.right;
  const paid = sandbox.pay(name, invoice.id, 'full');
  const path = await statusPathOf(kit, gateway, receiver, ledger, name, invoice);
  await paid;
  return [
    ['invoice id', invoice.id],
    ['status path', path.join(' → ')],
    ['price', `${invoice.price.amount} ${invoice.price.currency}`],
    [
      'pay amount',
      invoice.payment
        ? `${invoice.payment.amount ?? '(chosen on the page)'} ${invoice.payment.currency}`
        : '(chosen on the page)',
    ],
    ['payment URL', invoice.paymentUrl],
  ] as const;
};

const printTable = (title: string, rows: ReadonlyArray<readonly [string, string]>) => {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
};

/** Prints the ledger's transition feed: every state change once, in commit order. */
const printFeed = async (kit: Kit, ledger: Ledger) => {
  const page = await ledger.transitions({ limit: 1000 })();
  if (E.isLeft(page)) return fail(kit.ledger.describeLedgerError(page.left));
  console.log(
    `\nledger feed (PGlite in memory, mode ${ledger.mode}): each state change once, with what the shop should do`,
  );
  for (const entry of page.right.entries) {
    const flags = entry.raised.length > 0 ? `  flagged ${entry.raised.join(', ')}` : '';
    console.log(
      `  ${String(entry.position).padStart(2)}  ${entry.provider.padEnd(16)}  ${entry.orderId}  ${`${entry.from ?? '(new)'} → ${entry.to}`.padEnd(24)}  ${entry.action.padEnd(7)}  (${entry.cause})${flags}`,
    );
  }
};

const main = async () => {
  const kit = await step('loading the gateway, ledger and sandbox packages', loadKit);
  const opened = await step('opening the ledger (PGlite in memory, schema migrations)', () =>
    kit.ledger.openLedger({ storage: kit.ledger.pglite(), mode: 'test' })(),
  );
  if (E.isLeft(opened)) return fail(kit.ledger.describeLedgerError(opened.left));
  const ledger = opened.right;
  const { receiver, sandbox } = await step('starting the webhook receiver and the sandbox', async () => {
    const receiver = await startWebhookReceiver();
    const sandbox = await kit.sandbox.startSandbox({
      webhookUrls: Object.fromEntries(NAMES.map((name) => [name, `${receiver.url}/webhooks/${name}`])),
      cryptocloudTestMode: true,
    });
    return { receiver, sandbox };
  });
  console.log(`  ready in ${seconds(performance.now() - start)}\n`);
  try {
    const gateway = kit.gateway.createGateway({
      providers: Object.fromEntries(NAMES.map((name) => [name, configFor(sandbox, name)])) as Record<
        Name,
        ProviderConfig
      >,
    });
    if (E.isLeft(gateway)) return fail(kit.gateway.describeError(gateway.left));
    console.log(`sandbox at ${sandbox.url}, webhooks to ${receiver.url}`);
    console.log(
      `one order (${order.orderId}, ${order.amount} ${order.currency}) through ${NAMES.length} providers, by configuration only`,
    );
    for (const name of NAMES)
      printTable(name, await runProvider(kit, gateway.right, sandbox, receiver, ledger, name));
    await printFeed(kit, ledger);
    console.log(`\nall ${NAMES.length} invoices were paid and every webhook verified`);
  } finally {
    await sandbox.close();
    await receiver.close();
    await ledger.close()();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
