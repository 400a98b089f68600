jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeout } from '@invoicekit/core/adapter';
import { migrate, MIGRATIONS_DIR, openLedger, type FeedEntry, type Ledger } from '../src';
import { drivers, run, runLeft } from './support/harness';
import { eventFor, fakeProvider, money } from './support/fakeProvider';
import { exampleRequest } from './support/requests';

/** The documented ship rule: the entry's action is `fulfil`. */
const ships = (entry: FeedEntry): boolean => entry.action === 'fulfil';

const feedOf = async (ledger: Ledger): Promise<ReadonlyArray<FeedEntry>> =>
  (await run(ledger.transitions({ limit: 1000 }))).entries;

const full = money('149.9', 'EUR');

describe.each(drivers())('test mode on $name', (h) => {
  afterAll(() => h.teardown());

  describe('a live ledger', () => {
    it('applies a test invoice’s own test payment, and never as a live one', async () => {
      const ledger = await h.fresh();
      expect(ledger.mode).toBe('live');
      const invoice = await run(
        ledger.createInvoice(fakeProvider('cryptoprocessing', { testMode: true }), exampleRequest('t-1')),
      );
      const paid = await run(ledger.apply(eventFor(invoice, 'paid', { received: full, testMode: true })));
      expect(paid).toMatchObject({ applied: true, to: 'paid', raised: [], testMode: true, action: 'review' });
      const feed = await feedOf(ledger);
      expect(feed).toMatchObject([
        {
          cause: 'create',
          to: 'created',
          applied: true,
          testMode: true,
          flags: ['test_mode'],
          raised: ['test_mode'],
          action: 'review',
        },
        {
          cause: 'delivery',
          to: 'paid',
          applied: true,
          testMode: true,
          flags: ['test_mode'],
          raised: [],
          action: 'review',
        },
      ]);
      expect(feed.filter(ships)).toEqual([]);
      expect(await run(ledger.invoice('cryptoprocessing', { orderId: 't-1' }))).toMatchObject({
        status: 'paid',
        testMode: true,
        flags: ['test_mode'],
      });
    });

    it('records a test delivery about a live invoice without applying it, and keeps the invoice from shipping', async () => {
      const ledger = await h.fresh();
      const invoice = await run(
        ledger.createInvoice(fakeProvider('cryptoprocessing'), exampleRequest('l-1')),
      );
      const test = await run(ledger.apply(eventFor(invoice, 'paid', { received: full, testMode: true })));
      expect(test).toMatchObject({
        applied: false,
        from: 'created',
        to: 'created',
        raised: ['test_mode', 'mode_mismatch'],
        reason:
          'paid not applied: the provider reports it in test mode, but the ledger recorded the invoice as live',
        testMode: true,
        duplicate: false,
      });
      expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'l-1' }))).toMatchObject({
        status: 'created',
        received: null,
        testMode: false,
        flags: ['test_mode', 'mode_mismatch'],
      });
      const live = await run(ledger.apply(eventFor(invoice, 'paid', { received: full, key: 'live-paid' })));
      expect(live).toMatchObject({ applied: true, to: 'paid', testMode: false });
      const feed = await feedOf(ledger);
      expect(feed).toMatchObject([
        { cause: 'create', testMode: false, flags: [], action: 'wait' },
        { applied: false, testMode: true, flags: ['test_mode', 'mode_mismatch'], action: 'review' },
        {
          applied: true,
          to: 'paid',
          testMode: false,
          flags: ['test_mode', 'mode_mismatch'],
          action: 'review',
        },
      ]);
      expect(feed.filter(ships)).toEqual([]);
    });

    it('records a live delivery about a test invoice without applying it', async () => {
      const ledger = await h.fresh();
      const invoice = await run(
        ledger.createInvoice(fakeProvider('cryptocloud', { testMode: true }), exampleRequest('t-2')),
      );
      expect(await run(ledger.apply(eventFor(invoice, 'paid', { received: full })))).toMatchObject({
        applied: false,
        to: 'created',
        raised: ['mode_mismatch'],
        reason:
          'paid not applied: the provider reports it in live mode, but the ledger recorded the invoice as test',
        testMode: false,
      });
      expect((await feedOf(ledger)).at(-1)).toMatchObject({
        applied: false,
        testMode: true,
        flags: ['test_mode', 'mode_mismatch'],
      });
    });

    it('gives an unresolved order the mode of its first confirmed delivery', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptoprocessing', { testMode: true });
      provider.failNextCreate({ error: timeout('cryptoprocessing', 5000), created: true });
      await runLeft(ledger.createInvoice(provider, exampleRequest('t-3')));
      const atProvider = provider.store.byOrder('t-3')!;
      expect(await run(ledger.apply(eventFor(atProvider, 'pending', { testMode: true })))).toMatchObject({
        applied: true,
        to: 'pending',
        raised: ['test_mode'],
        testMode: true,
      });
      expect(await run(ledger.invoice('cryptoprocessing', { orderId: 't-3' }))).toMatchObject({
        creation: 'delivered',
        testMode: true,
        flags: ['test_mode'],
      });
    });

    it('does not apply a read that contradicts the invoice’s mode', async () => {
      const ledger = await h.fresh();
      const provider = fakeProvider('cryptocloud');
      const invoice = await run(ledger.createInvoice(provider, exampleRequest('l-2')));
      provider.store.save({ ...invoice, status: 'paid', providerStatus: 'paid', testMode: true });
      const report = await run(ledger.reconcile({ providers: [provider] }));
      expect(report.checked).toMatchObject([
        {
          orderId: 'l-2',
          result:
            'paid not applied: the provider reports it in test mode, but the ledger recorded the invoice as live',
        },
      ]);
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'l-2' }))).toMatchObject({
        status: 'created',
        flags: ['test_mode', 'mode_mismatch'],
      });
    });
  });

  describe('a test ledger', () => {
    it('applies test deliveries, and records a live one without applying it', async () => {
      const ledger = await h.fresh({ mode: 'test' });
      expect(ledger.mode).toBe('test');
      const invoice = await run(
        ledger.createInvoice(fakeProvider('cryptoprocessing', { testMode: true }), exampleRequest('t-4')),
      );
      expect(
        await run(ledger.apply(eventFor(invoice, 'paid', { received: full, testMode: true }))),
      ).toMatchObject({
        applied: true,
        to: 'paid',
        testMode: true,
        action: 'fulfil',
      });
      const stranger = { provider: 'cryptoprocessing', id: 'live-1', orderId: 'made-elsewhere' };
      expect(await run(ledger.apply(eventFor(stranger, 'paid', { received: full })))).toMatchObject({
        applied: false,
        from: null,
        to: null,
        raised: ['live_in_test_ledger'],
        reason:
          'paid not applied: a live invoice in a test ledger, which applies test-mode invoices only; live money may be involved',
        testMode: false,
        action: 'review',
      });
      expect(await run(ledger.invoice('cryptoprocessing', { invoiceId: 'live-1' }))).toMatchObject({
        creation: 'delivered',
        status: null,
        testMode: false,
        flags: ['live_in_test_ledger'],
      });
      const feed = await feedOf(ledger);
      expect(feed.at(-1)).toMatchObject({ applied: false, testMode: false, flags: ['live_in_test_ledger'] });
      expect(feed.filter((entry) => entry.orderId === 't-4').every((entry) => entry.testMode)).toBe(true);
      expect(feed.filter(ships)).toMatchObject([{ orderId: 't-4', to: 'paid', flags: ['test_mode'] }]);
    });

    it('records a live invoice created in it without applying its status', async () => {
      const ledger = await h.fresh({ mode: 'test' });
      const invoice = await run(ledger.createInvoice(fakeProvider('cryptocloud'), exampleRequest('l-3')));
      expect(await run(ledger.invoice('cryptocloud', { orderId: 'l-3' }))).toMatchObject({
        creation: 'created',
        invoiceId: invoice.id,
        status: null,
        testMode: false,
        flags: ['live_in_test_ledger'],
      });
      expect(await feedOf(ledger)).toMatchObject([
        { cause: 'create', applied: false, to: null, testMode: false, raised: ['live_in_test_ledger'] },
      ]);
    });
  });

  it('refuses a mode it does not know', async () => {
    const { storage } = await h.fresh();
    expect(await runLeft(openLedger({ storage, mode: 'staging' as never }))).toEqual({
      _tag: 'InvalidInput',
      message: "Not ledger options: mode: must be 'live' or 'test'",
      issues: [{ path: 'mode', message: "must be 'live' or 'test'" }],
    });
  });

  it('marks what was recorded before migration 2 from the modes it recorded', async () => {
    const ledger = await h.fresh();
    await h.sql('DROP SCHEMA invoicekit_ledger CASCADE');
    const first = mkdtempSync(join(tmpdir(), 'ledger-migrations-'));
    copyFileSync(join(MIGRATIONS_DIR, '0001_ledger.sql'), join(first, '0001_ledger.sql'));
    expect(await run(migrate(ledger.storage, first))).toEqual([1]);
    rmSync(first, { recursive: true, force: true });
    await h.sql(
      `INSERT INTO invoicekit_ledger.invoices (provider, order_id, invoice_id, creation, status, flags, snapshot) VALUES
         ('cryptoprocessing', 'test-order', 'T1', 'created', 'paid', '{}', '{"testMode": true}'),
         ('cryptoprocessing', 'live-order', 'L1', 'created', 'paid', '{}', '{"testMode": false}'),
         ('cryptoprocessing', NULL, 'D1', 'delivered', 'paid', '{amount_unchecked}', NULL)`,
    );
    const key = (id: string) => `(SELECT key FROM invoicekit_ledger.invoices WHERE invoice_id = '${id}')`;
    await h.sql(
      `INSERT INTO invoicekit_ledger.deliveries (provider, dedupe_key, invoice_key, invoice_id, status, confirmed, event) VALUES
         ('cryptoprocessing', 'k-T1', ${key('T1')}, 'T1', 'paid', true, '{"testMode": true}'),
         ('cryptoprocessing', 'k-L1', ${key('L1')}, 'L1', 'paid', true, '{"testMode": false}'),
         ('cryptoprocessing', 'k-D1', ${key('D1')}, 'D1', 'paid', true, '{"testMode": true}')`,
    );
    await h.sql(
      `INSERT INTO invoicekit_ledger.transitions
         (position, invoice_key, provider, invoice_id, from_status, to_status, applied, flags, raised, reason, cause, dedupe_key) VALUES
         (1, ${key('T1')}, 'cryptoprocessing', 'T1', NULL, 'created', true, '{}', '{}', 'r', 'create', NULL),
         (2, ${key('L1')}, 'cryptoprocessing', 'L1', NULL, 'created', true, '{}', '{}', 'r', 'create', NULL),
         (3, ${key('T1')}, 'cryptoprocessing', 'T1', 'created', 'paid', true, '{}', '{}', 'r', 'delivery', 'k-T1'),
         (4, ${key('L1')}, 'cryptoprocessing', 'L1', 'created', 'paid', true, '{}', '{}', 'r', 'delivery', 'k-L1'),
         (5, ${key('D1')}, 'cryptoprocessing', 'D1', NULL, 'paid', true, '{amount_unchecked}', '{amount_unchecked}', 'r', 'delivery', 'k-D1')`,
    );
    await h.sql('UPDATE invoicekit_ledger.feed_head SET position = 5');

    expect(await run(migrate(ledger.storage))).toEqual([2, 3, 4, 5, 6]);
    expect(
      (await feedOf(ledger)).map(({ invoiceId, testMode, flags, raised, action }) => ({
        invoiceId,
        testMode,
        flags,
        raised,
        action,
      })),
    ).toEqual([
      { invoiceId: 'T1', testMode: true, flags: ['test_mode'], raised: ['test_mode'], action: 'review' },
      { invoiceId: 'L1', testMode: false, flags: [], raised: [], action: 'wait' },
      { invoiceId: 'T1', testMode: true, flags: ['test_mode'], raised: [], action: 'review' },
      { invoiceId: 'L1', testMode: false, flags: [], raised: [], action: 'fulfil' },
      {
        invoiceId: 'D1',
        testMode: true,
        flags: ['test_mode', 'amount_unchecked'],
        raised: ['test_mode', 'amount_unchecked'],
        action: 'review',
      },
    ]);
    for (const [invoiceId, testMode, flags] of [
      ['T1', true, ['test_mode']],
      ['L1', false, []],
      ['D1', true, ['test_mode', 'amount_unchecked']],
    ] as const) {
      expect(await run(ledger.invoice('cryptoprocessing', { invoiceId }))).toMatchObject({ testMode, flags });
    }
    expect(
      await h.sql('SELECT dedupe_key, test_mode FROM invoicekit_ledger.deliveries ORDER BY dedupe_key'),
    ).toEqual([
      { dedupe_key: 'k-D1', test_mode: true },
      { dedupe_key: 'k-L1', test_mode: false },
      { dedupe_key: 'k-T1', test_mode: true },
    ]);
  });
});
