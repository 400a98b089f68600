// Run on Node, Bun and Deno: the sandbox and an in-memory PGlite ledger in this runtime's process. Creates
// a CryptoProcessing invoice through the ledger, pays it, applies each signed delivery the sandbox sent
// (verified by parseWebhook), and prints the feed; exits 1 unless the invoice ends applied as paid.
import { createProvider, describeError } from '@invoicekit/gateway';
import { describeLedgerError, openLedger, pglite } from '@invoicekit/ledger';
import { startSandbox } from '@invoicekit/sandbox';

const orThrow = async (task, describe) => {
  const result = await task();
  if (result._tag === 'Left') throw new Error(describe(result.left));
  return result.right;
};

// Deliveries go to a closed port: this check reads them back from the sandbox instead.
const sandbox = await startSandbox({ webhookUrl: 'http://127.0.0.1:9/unused', retryDelaysMs: [] });
let ledger;
try {
  const provider = createProvider({
    provider: 'cryptoprocessing',
    ...sandbox.credentials.cryptoprocessing,
    environment: 'sandbox',
  });
  if (provider._tag === 'Left') throw new Error(describeError(provider.left));
  ledger = await orThrow(openLedger({ storage: pglite() }), describeLedgerError);
  const invoice = await orThrow(
    ledger.createInvoice(provider.right, {
      orderId: `ledger-${Date.now()}`,
      amount: '100.00',
      currency: 'EUR',
      title: 'Ledger smoke',
      customer: {
        reference: 'customer-1',
        email: 'buyer@shop.example',
        sender: { type: 'natural', firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10' },
      },
      redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
    }),
    describeLedgerError,
  );
  await sandbox.pay('cryptoprocessing', invoice.id, 'full');
  for (const delivery of sandbox.deliveries()) {
    const request = {
      headers: { ...delivery.headers, 'content-type': delivery.contentType },
      body: delivery.body,
    };
    const event = await orThrow(provider.right.parseWebhook(request), describeError);
    await orThrow(ledger.apply(event), describeLedgerError);
  }
  const { entries } = await orThrow(ledger.transitions(), describeLedgerError);
  console.log(entries.map((entry) => `${entry.to}${entry.applied ? '' : ' (not applied)'}`).join(' → '));
  const last = entries.at(-1);
  if (last?.to !== 'paid' || !last.applied) throw new Error('the invoice did not end applied as paid');
} finally {
  await ledger?.close()();
  await sandbox.close();
}
