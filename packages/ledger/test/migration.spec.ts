jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { Invoice, InvoiceStatus } from '@invoicekit/core';
import { migrate, MIGRATIONS_DIR, shopAction, type Ledger } from '../src';
import { LedgerFlag } from '../src/flags';
import { drivers, run, type Harness } from './support/harness';
import { fakeProvider } from './support/fakeProvider';
import { exampleRequest } from './support/requests';

const STATUSES = Object.keys(InvoiceStatus.keys) as InvoiceStatus[];
const FLAGS = Object.keys(LedgerFlag.keys) as LedgerFlag[];

const FILES = ['0001_ledger.sql', '0002_test_mode.sql', '0003_shop_action.sql'];

/** A ledger whose schema stops at migration `version`, as a database written by an earlier release. */
const atVersion = async (h: Harness, version: number): Promise<Ledger> => {
  const ledger = await h.fresh();
  await h.sql('DROP SCHEMA invoicekit_ledger CASCADE');
  const dir = mkdtempSync(join(tmpdir(), 'ledger-migrations-'));
  for (const file of FILES.slice(0, version)) copyFileSync(join(MIGRATIONS_DIR, file), join(dir, file));
  expect(await run(migrate(ledger.storage, dir))).toEqual(FILES.slice(0, version).map((_, i) => i + 1));
  rmSync(dir, { recursive: true, force: true });
  return ledger;
};

const atVersion2 = (h: Harness) => atVersion(h, 2);

const oldEntry = fc.record({
  applied: fc.boolean(),
  to: fc.constantFrom<InvoiceStatus | null>(
    null,
    ...STATUSES.filter((s) => !['held', 'refunding', 'refunded', 'refund_failed'].includes(s)),
  ),
  testMode: fc.boolean(),
  flags: fc.subarray(FLAGS),
  raisedShare: fc.array(fc.boolean(), { minLength: FLAGS.length, maxLength: FLAGS.length }),
  received: fc.constantFrom(null, '0', '0.000', '149.9', '0.0001'),
});

describe.each(drivers())('migration 3 on $name', (h) => {
  afterAll(() => h.teardown());

  it('gives every earlier feed entry the action a live ledger gives it', async () => {
    const ledger = await atVersion2(h);
    await h.sql(
      "INSERT INTO invoicekit_ledger.invoices (provider, order_id, invoice_id, creation) VALUES ('cryptoprocessing', 'o', 'i', 'delivered')",
    );
    const rows = fc.sample(oldEntry, { seed: 18, numRuns: 300 });
    for (const [i, row] of rows.entries()) {
      await h.sql(
        `INSERT INTO invoicekit_ledger.transitions (position, invoice_key, provider, invoice_id, order_id, from_status,
           to_status, applied, flags, raised, reason, cause, dedupe_key, received_amount, received_currency, test_mode)
         VALUES ($1, (SELECT key FROM invoicekit_ledger.invoices), 'cryptoprocessing', 'i', 'o', NULL, $2, $3, $4, $5,
           'r', 'delivery', NULL, $6, $7, $8)`,
        [
          i + 1,
          row.to,
          row.applied,
          row.flags,
          row.flags.filter((_, k) => row.raisedShare[k]),
          row.received,
          row.received === null ? null : 'EUR',
          row.testMode,
        ],
      );
    }
    await h.sql(`UPDATE invoicekit_ledger.feed_head SET position = ${rows.length}`);
    expect(await run(migrate(ledger.storage))).toEqual([3, 4, 5, 6]);
    const feed = (await run(ledger.transitions({ limit: 1000 }))).entries;
    expect(feed).toHaveLength(rows.length);
    for (const entry of feed)
      expect({ position: entry.position, action: entry.action }).toEqual({
        position: entry.position,
        action: shopAction('live', entry),
      });
    expect(new Set(feed.map((e) => e.action))).toEqual(
      new Set(['fulfil', 'wait', 'review', 'release', 'none']),
    );
  });

  it('keeps an invoice created before it readable, so creating the order again returns it', async () => {
    const ledger = await atVersion2(h);
    const provider = fakeProvider('cryptoprocessing');
    const made = await provider.createInvoice(exampleRequest('old-1'))();
    if (E.isLeft(made)) throw new Error('the fake refused');
    const { received: _, remaining: __, ...before } = Invoice.encode(made.right) as Record<string, unknown>;
    await h.sql(
      `INSERT INTO invoicekit_ledger.invoices (provider, order_id, invoice_id, creation, status, price_amount, price_currency,
         flags, request, snapshot, test_mode)
       VALUES ('cryptoprocessing', 'old-1', $1, 'created', 'created', '149.9', 'EUR', '{}', $2::text::jsonb, $3::text::jsonb, false)`,
      [made.right.id, JSON.stringify(exampleRequest('old-1')), JSON.stringify(before)],
    );
    expect(await run(migrate(ledger.storage))).toEqual([3, 4, 5, 6]);
    expect(await run(ledger.createInvoice(provider, exampleRequest('old-1')))).toEqual({
      ...made.right,
      received: null,
      remaining: null,
    });
    expect(provider.calls.create).toBe(1);
    expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'old-1' }))).toMatchObject({
      cancel: null,
      invoice: { id: made.right.id, received: null, remaining: null },
    });
  });
});

describe.each(drivers())('migration 4 on $name', (h) => {
  afterAll(() => h.teardown());

  it('indexes a database holding invoices, and reconcile then claims and reports them from the indexes', async () => {
    const ledger = await atVersion(h, 3);
    const readable = fakeProvider('cryptocloud');
    const unreadable = fakeProvider('cryptoprocessing');
    const open = await run(ledger.createInvoice(readable, exampleRequest('kept-1')));
    await run(ledger.createInvoice(unreadable, exampleRequest('kept-2')));
    await h.sql("UPDATE invoicekit_ledger.invoices SET updated_at = now() - interval '2 days'");
    expect(await run(migrate(ledger.storage))).toEqual([4, 5, 6]);
    const indexes = await h.sql<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'invoicekit_ledger' AND tablename = 'invoices' ORDER BY indexname",
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'invoices_by_invoice',
      'invoices_by_order',
      'invoices_due_create',
      'invoices_due_read',
      'invoices_pkey',
      'invoices_quiet_identified',
      'invoices_quiet_unidentified',
    ]);
    readable.settle(open.id, 'paid');
    const report = await run(ledger.reconcile({ providers: [readable, unreadable] }));
    expect(report.checked).toMatchObject([{ orderId: 'kept-1', action: 'read' }]);
    expect(report.stale).toMatchObject([
      { orderId: 'kept-2', provider: 'cryptoprocessing', status: 'created' },
    ]);
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'kept-1' }))).toMatchObject({ status: 'paid' });
  });
});
