// A child process for the single-writer spec: opens a ledger on a PGlite directory and applies deliveries.
// argv: data directory, number of deliveries, a name for their keys. Prints `acked <dedupeKey>` once each
// delivery is stored, then `ready`, and waits: when its stdin closes it closes the ledger and exits 0.
// A ledger that cannot be opened prints the error as JSON on stderr and exits 3.
import * as E from 'fp-ts/Either';
import { openLedger, pglite } from '../../src';
import { eventFor, money } from './fakeProvider';

const main = async () => {
  const [dir, count, name] = process.argv.slice(2) as [string, string, string];
  const opened = await openLedger({ storage: pglite(dir) })();
  if (E.isLeft(opened)) {
    process.stderr.write(JSON.stringify(opened.left));
    process.exit(3);
  }
  const ledger = opened.right;
  for (let i = 0; i < Number(count); i += 1) {
    const invoice = { provider: 'cryptoprocessing', id: `${name}-${i}`, orderId: `${name}-order-${i}` };
    const result = await ledger.onEvent(eventFor(invoice, 'paid', { received: money('10', 'EUR') }));
    process.stdout.write(`acked ${result.dedupeKey}\n`);
  }
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    void ledger
      .close()()
      .then(() => process.exit(0));
  });
};

main().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
