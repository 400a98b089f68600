// A child process for the concurrency spec: applies a list of deliveries to one PostgreSQL server.
// argv: connection string, JSON file of InvoiceEvents, deliveries in flight. Prints the results as JSON.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import type { InvoiceEvent } from '@invoicekit/core';
import { describeLedgerError, openLedger, postgres, type DeliveryResult } from '../../src';

const main = async () => {
  const [url, file, inFlight] = process.argv.slice(2) as [string, string, string];
  const events = JSON.parse(readFileSync(file, 'utf8')) as InvoiceEvent[];
  const opened = await openLedger({ storage: postgres({ connectionString: url, max: Number(inFlight) }) })();
  if (E.isLeft(opened)) throw new Error(describeLedgerError(opened.left));
  const ledger = opened.right;
  const results: DeliveryResult[] = new Array(events.length);
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const index = next;
      next += 1;
      results[index] = await ledger.onEvent(events[index]!);
    }
  };
  await Promise.all(Array.from({ length: Number(inFlight) }, worker));
  await ledger.close()();
  process.stdout.write(JSON.stringify(results));
};

main().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
