// A child process for the crash spec: creates one invoice through the ledger and is killed mid-way.
// argv: connection string, fake provider directory, provider kind, order id, and when to die:
// `after-answer` (the provider created the invoice and answered; the ledger has not written it) or
// `before-call` (the order intent is written; the request never reaches the provider).
import * as E from 'fp-ts/Either';
import { describeLedgerError, openLedger, postgres } from '../../src';
import { fakeProvider, fileStore, type FakeKind } from './fakeProvider';
import { exampleRequest } from './requests';

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

const main = async () => {
  const [url, dir, kind, orderId, when] = process.argv.slice(2) as [string, string, FakeKind, string, string];
  const opened = await openLedger({ storage: postgres(url) })();
  if (E.isLeft(opened)) throw new Error(describeLedgerError(opened.left));
  const provider = fakeProvider(kind, { store: fileStore(dir) });
  if (when === 'after-answer') provider.afterCreate = async () => die();
  const sent = when === 'before-call' ? { ...provider, createInvoice: () => die } : provider;
  await opened.right.createInvoice(sent, exampleRequest(orderId))();
  throw new Error('the worker should have been killed');
};

main().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
