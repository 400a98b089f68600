import * as E from 'fp-ts/Either';
import { startSandbox, type Sandbox, type SandboxProviderId } from '@invoicekit/sandbox';
import {
  createGateway,
  describeError,
  type Gateway,
  type Invoice,
  type InvoiceStatus,
} from '@invoicekit/gateway';
import { exampleOrder } from './order';
import { startWebhookReceiver, type WebhookReceiver } from './receiver';

type Name = SandboxProviderId;
const NAMES: ReadonlyArray<Name> = ['cryptoprocessing', 'alphapo', 'coinspaid', 'cryptocloud'];
const SETTLED: ReadonlySet<InvoiceStatus> = new Set(['paid', 'overpaid', 'expired', 'failed', 'cancelled']);

/** The one order every provider gets; only configuration differs between them. */
const order = exampleOrder('order-1001');

const configFor = (sandbox: Sandbox, name: Name): unknown => {
  const credentials = sandbox.credentials[name];
  return name === 'cryptocloud'
    ? { provider: name, ...credentials, timeoutMs: 5000, allowTestMode: true }
    : { provider: name, ...credentials, environment: 'sandbox', timeoutMs: 5000 };
};

const fail = (what: string): never => {
  throw new Error(what);
};

const statusPathOf = async (
  gateway: Gateway<Name>,
  receiver: WebhookReceiver,
  name: Name,
  invoice: Invoice,
) => {
  const path: InvoiceStatus[] = [invoice.status];
  while (!SETTLED.has(path[path.length - 1]!)) {
    const { request } = await receiver.next(name);
    const verified = await gateway.parseWebhook(name, request)();
    if (E.isLeft(verified)) fail(`${name}: webhook rejected: ${describeError(verified.left)}`);
    else path.push(verified.right.status);
  }
  return path;
};

const runProvider = async (
  gateway: Gateway<Name>,
  sandbox: Sandbox,
  receiver: WebhookReceiver,
  name: Name,
) => {
  const created = await gateway.provider(name).createInvoice(order)();
  if (E.isLeft(created)) return fail(`${name}: ${describeError(created.left)}`);
  const invoice = created.right;
  const paid = sandbox.pay(name, invoice.id, 'full');
  const path = await statusPathOf(gateway, receiver, name, invoice);
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

const main = async () => {
  const receiver = await startWebhookReceiver();
  const sandbox = await startSandbox({
    webhookUrls: Object.fromEntries(NAMES.map((name) => [name, `${receiver.url}/webhooks/${name}`])),
  });
  try {
    const gateway = createGateway({
      providers: Object.fromEntries(NAMES.map((name) => [name, configFor(sandbox, name)])) as Record<
        Name,
        unknown
      >,
    });
    if (E.isLeft(gateway)) return fail(describeError(gateway.left));
    console.log(`invoicekit demo — sandbox at ${sandbox.url}, webhooks to ${receiver.url}`);
    console.log(
      `one order (${order.orderId}, ${order.amount} ${order.currency}) through four providers, by configuration only`,
    );
    for (const name of NAMES) printTable(name, await runProvider(gateway.right, sandbox, receiver, name));
    console.log('\nall four invoices were paid and every webhook verified');
  } finally {
    await sandbox.close();
    await receiver.close();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
