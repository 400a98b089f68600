import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { Pool, type PoolClient } from 'pg';
import type { InvoiceEvent } from '@invoicekit/core';
import {
  openLedger,
  postgres,
  readMigrations,
  shopAction,
  type DeliveryResult,
  type FeedEntry,
  type Ledger,
} from '../src';
import type { Current } from '../src/decide';
import { readEntries, type EntryFields } from '../src/feed';
import { plannedEntry } from '../src/observe';
import { advances } from '../src/status';
import { sqlOf } from '../src/storage';
import { write } from '../src/write';
import { eventFor, fakeProvider, fileStore, money } from './support/fakeProvider';
import { run } from './support/harness';
import { exampleRequest } from './support/requests';
import { startServer, type TestServer } from './support/server';

const ROOT = resolve(__dirname, '../../..');
// Plain node with tsx's loader (not the tsx CLI, which runs a second process and hides a SIGKILL).
const TSX_LOADER = ['--import', 'tsx'];

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

const child = (script: string, args: ReadonlyArray<string>): Promise<Exit> =>
  new Promise((done) => {
    const process = spawn('node', [...TSX_LOADER, join(__dirname, 'support', script), ...args], {
      cwd: ROOT,
    });
    let stdout = '';
    let stderr = '';
    process.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    process.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });

let server: TestServer;
const pools: Pool[] = [];
let databases = 0;

/** A new empty database on the test server, and a pool on it. */
const freshDatabase = async (): Promise<{ url: string; pool: Pool }> => {
  databases += 1;
  const name = `ledger_${databases}`;
  const admin = new Pool({ connectionString: server.url(), max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const pool = new Pool({ connectionString: server.url(name), max: 10 });
  pools.push(pool);
  return { url: server.url(name), pool };
};

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  server.stop();
});

const entry = (reason: string): EntryFields => ({
  provider: 'cryptoprocessing',
  invoiceId: null,
  orderId: 'o',
  from: null,
  to: 'pending',
  applied: true,
  testMode: false,
  flags: [],
  raised: [],
  reason,
  cause: 'delivery',
  dedupeKey: null,
  received: null,
});

/** Appends an entry about the invoice `key` the way every ledger write does, on one transaction's connection. */
const append = async (client: PoolClient, key: string, reason: string): Promise<number | null> => {
  const written = await run(
    write(sqlOf({ query: (t, p) => client.query(t, p), exec: (s) => client.query(s) }), {
      target: { kind: 'update', key, xmin: null, patch: {} },
      entry: plannedEntry('live', entry(reason)),
      delivery: null,
    }),
  );
  return written?.position ?? null;
};

describe('the feed on a server', () => {
  it('hands out positions in commit order: an append waits for an earlier one to commit', async () => {
    const { pool } = await freshDatabase();
    await run(openLedger({ storage: postgres(pool) }));
    const keys = (
      await pool.query<{ key: string }>(
        "INSERT INTO invoicekit_ledger.invoices (provider, order_id, creation) VALUES ('cryptoprocessing', 'o', 'requested'), ('cryptoprocessing', 'o2', 'requested') RETURNING key::text AS key",
      )
    ).rows.map((row) => row.key) as [string, string];
    const first: PoolClient = await pool.connect();
    const second: PoolClient = await pool.connect();
    await first.query('BEGIN');
    await second.query('BEGIN');
    expect(await append(first, keys[0], 'first')).toBe(1);
    let secondPosition: number | null = null;
    const pending = append(second, keys[1], 'second').then((position) => (secondPosition = position));
    await new Promise((wait) => setTimeout(wait, 300));
    expect(secondPosition).toBeNull();
    expect(await run(readEntries(postgres(pool), 0, 10))).toEqual([]);
    await first.query('COMMIT');
    expect(await pending).toBe(2);
    expect((await run(readEntries(postgres(pool), 0, 10))).map((e) => e.reason)).toEqual(['first']);
    await second.query('COMMIT');
    expect((await run(readEntries(postgres(pool), 0, 10))).map((e) => e.reason)).toEqual(['first', 'second']);
    first.release();
    second.release();
  });
  it('migrates once when several processes open a new database at once', async () => {
    const { url } = await freshDatabase();
    const ledgers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => run(openLedger({ storage: postgres({ connectionString: url, max: 1 }) }))),
    );
    const files = await run(readMigrations());
    const { pool } = { pool: new Pool({ connectionString: url, max: 1 }) };
    pools.push(pool);
    const { rows } = await pool.query('SELECT version FROM invoicekit_ledger.schema_migrations');
    expect(rows).toEqual(files.map((f) => ({ version: f.version })));
    await Promise.all(ledgers.map((ledger) => run(ledger.close())));
  });
});

/** The deliveries of the concurrency run: per invoice, a script of ordinary, late and conflicting events. */
const scriptFor = (
  invoice: { provider: string; id: string; orderId: string | null },
  group: number,
): InvoiceEvent[] => {
  const full = money('149.9', 'EUR');
  switch (group) {
    case 0:
      return [
        eventFor(invoice, 'pending'),
        eventFor(invoice, 'processing'),
        eventFor(invoice, 'partially_paid', { received: money('100', 'EUR') }),
        eventFor(invoice, 'paid', { received: full }),
        eventFor(invoice, 'processing', { key: `${invoice.id}:late-processing` }),
      ];
    case 1:
      return [
        eventFor(invoice, 'pending'),
        eventFor(invoice, 'expired', { failureReason: 'timer_expired' }),
        eventFor(invoice, 'paid', { received: full }),
      ];
    default:
      return [
        eventFor(invoice, 'processing'),
        eventFor(invoice, 'paid', { received: money('100', 'EUR') }),
        eventFor(invoice, 'pending'),
      ];
  }
};

const shuffled = <A>(items: ReadonlyArray<A>, seed: number): A[] =>
  fc.sample(fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length }), {
    seed,
    numRuns: 1,
  })[0]!;

const readAll = async (ledger: Ledger, after = 0): Promise<FeedEntry[]> => {
  const page = await run(ledger.transitions({ after, limit: 1000 }));
  return page.entries.length === 0 ? [] : [...page.entries, ...(await readAll(ledger, page.cursor))];
};

describe('several processes on one server', () => {
  it('apply duplicate, out-of-order and late deliveries once each, in the order the state machine allows', async () => {
    const { url, pool } = await freshDatabase();
    const ledger = await run(openLedger({ storage: postgres(pool) }));
    const provider = fakeProvider('cryptoprocessing');
    const invoices = [];
    for (let i = 0; i < 12; i += 1)
      invoices.push(await run(ledger.createInvoice(provider, exampleRequest(`c-${i}`))));
    const events = invoices.flatMap((invoice, i) => scriptFor(invoice, i % 3));
    const dir = mkdtempSync(join(tmpdir(), 'ledger-deliveries-'));
    const files = [1, 2, 3, 4].map((seed) => {
      const file = join(dir, `${seed}.json`);
      writeFileSync(file, JSON.stringify(shuffled([...events, ...events.slice(0, 10)], seed)));
      return file;
    });

    const polled: FeedEntry[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const page = await run(
          ledger.transitions({ after: polled[polled.length - 1]?.position ?? 0, limit: 7 }),
        );
        polled.push(...page.entries);
        await new Promise((wait) => setTimeout(wait, 5));
      }
    })();
    const exits = await Promise.all(files.map((file) => child('deliverWorker.ts', [url, file, '4'])));
    polling = false;
    await poll;
    rmSync(dir, { recursive: true, force: true });
    for (const exit of exits)
      expect({ code: exit.code, stderr: exit.stderr }).toEqual({ code: 0, stderr: '' });

    const results = exits.flatMap((exit) => JSON.parse(exit.stdout) as DeliveryResult[]);
    const byKey = new Map<string, DeliveryResult[]>();
    for (const result of results)
      byKey.set(result.dedupeKey, [...(byKey.get(result.dedupeKey) ?? []), result]);
    expect(byKey.size).toBe(new Set(events.map((e) => e.dedupeKey)).size);
    for (const [, same] of byKey) {
      expect(same.filter((r) => !r.duplicate)).toHaveLength(1);
      const { duplicate: _, action: _first, ...first } = same.find((r) => !r.duplicate)!;
      for (const { duplicate, action, ...outcome } of same) {
        expect(outcome).toEqual(first);
        if (duplicate) expect(action).toBe('none');
      }
    }

    const feed = await readAll(ledger);
    expect(feed.map((e) => e.position)).toEqual(feed.map((_, i) => i + 1));
    const tail = await readAll(ledger, polled[polled.length - 1]?.position ?? 0);
    expect([...polled, ...tail]).toEqual(feed);

    const firstOutcomes = [...byKey.values()].map((same) => same.find((r) => !r.duplicate)!);
    const appended = firstOutcomes
      .filter((r) => r.position !== null)
      .map((r) => r.position)
      .sort((a, b) => a! - b!);
    const creates = feed.filter((e) => e.cause === 'create').map((e) => e.position);
    expect([...creates, ...appended].sort((a, b) => a! - b!)).toEqual(feed.map((e) => e.position));
    expect(feed.filter((e) => e.applied && e.cause === 'delivery')).toHaveLength(
      firstOutcomes.filter((r) => r.applied).length,
    );
    for (const result of firstOutcomes)
      expect(result.action).toBe(result.position === null ? 'none' : feed[result.position - 1]!.action);
    for (const e of feed) expect(e.action).toBe(shopAction('live', e));

    for (const [i, invoice] of invoices.entries()) {
      const entries = feed.filter((e) => e.invoiceId === invoice.id);
      let state: Current = {
        status: null,
        flags: [],
        received: null,
        expected: { price: money('149.9', 'EUR'), payment: { currency: 'BTC', amount: '0.0013' as never } },
        replacedBy: null,
      };
      for (const e of entries) {
        expect(e.from).toBe(state.status);
        if (e.applied) {
          expect(state.status === null || advances(state.status, e.to!)).toBe(true);
        } else {
          expect(e.to).toBe(state.status);
        }
        state = { ...state, status: e.to, flags: e.flags };
      }
      const held = await run(ledger.invoice('cryptoprocessing', { invoiceId: invoice.id }));
      expect(held).toMatchObject({ status: state.status, flags: state.flags });
      expect(entries.filter((e) => e.action === 'fulfil')).toHaveLength(
        held!.status === 'paid' && held!.flags.length === 0 ? 1 : 0,
      );
      if (i % 3 === 0) expect(held).toMatchObject({ status: 'paid', flags: [] });
      if (i % 3 === 1)
        expect([
          { status: 'paid', flags: [] },
          { status: 'expired', flags: ['late_payment'] },
        ]).toContainEqual({ status: held!.status, flags: held!.flags });
      if (i % 3 === 2) expect(held).toMatchObject({ status: 'paid', flags: ['underpaid'] });
    }
  }, 90_000);
});

describe('a process killed mid-create', () => {
  const crash = async (url: string, dir: string, kind: string, orderId: string, when: string) => {
    const exit = await child('crashWorker.ts', [url, dir, kind, orderId, when]);
    expect({ signal: exit.signal, stderr: exit.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
  };

  it('leaves an unresolved order that reconcile resolves', async () => {
    const { url, pool } = await freshDatabase();
    const ledger = await run(openLedger({ storage: postgres(pool), unresolvedAfterMs: 0, staleAfterMs: 0 }));
    const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
    const processing = fakeProvider('cryptoprocessing', { store: fileStore(join(dir, 'cryptoprocessing')) });
    const cloud = fakeProvider('cryptocloud', { store: fileStore(join(dir, 'cryptocloud')) });

    await crash(url, join(dir, 'cryptoprocessing'), 'cryptoprocessing', 'lost-request', 'before-call');
    await crash(url, join(dir, 'cryptoprocessing'), 'cryptoprocessing', 'lost-answer', 'after-answer');
    await crash(url, join(dir, 'cryptocloud'), 'cryptocloud', 'lost-cloud-answer', 'after-answer');
    for (const orderId of ['lost-request', 'lost-answer']) {
      expect(await run(ledger.invoice('cryptoprocessing', { orderId }))).toMatchObject({
        creation: 'requested',
        invoiceId: null,
      });
    }
    expect(processing.store.byOrder('lost-request')).toBeUndefined();
    expect(processing.store.byOrder('lost-answer')).toBeDefined();

    const report = await run(ledger.reconcile({ providers: [processing, cloud] }));
    expect(report.failed).toEqual([]);
    expect(report.checked.map((c) => [c.orderId, c.action, c.result])).toEqual(
      expect.arrayContaining([
        [
          'lost-request',
          'resend',
          'created invoice inv-lost-request: the first attempt never reached cryptoprocessing',
        ],
        [
          'lost-answer',
          'resend',
          'cryptoprocessing already has an invoice for this order: the lost create did arrive; its next callback resolves it',
        ],
      ]),
    );
    expect(cloud.calls.create).toBe(0);
    expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'lost-request' }))).toMatchObject({
      creation: 'created',
      invoiceId: 'inv-lost-request',
      status: 'created',
    });
    expect(report.stale.map((s) => [s.orderId, s.creation])).toEqual(
      expect.arrayContaining([
        ['lost-answer', 'exists'],
        ['lost-cloud-answer', 'requested'],
      ]),
    );

    await run(ledger.apply(eventFor(processing.store.byOrder('lost-answer')!, 'pending')));
    await run(ledger.apply(eventFor(cloud.store.byOrder('lost-cloud-answer')!, 'pending')));
    cloud.settle(cloud.store.byOrder('lost-cloud-answer')!.id, 'paid');
    const after = await run(ledger.reconcile({ providers: [processing, cloud] }));
    expect(after.checked).toMatchObject([{ orderId: 'lost-cloud-answer', action: 'read' }]);
    expect(await run(ledger.invoice('cryptoprocessing', { orderId: 'lost-answer' }))).toMatchObject({
      creation: 'delivered',
      invoiceId: 'inv-lost-answer',
      status: 'pending',
    });
    expect(await run(ledger.invoice('cryptocloud', { orderId: 'lost-cloud-answer' }))).toMatchObject({
      invoiceId: 'inv-lost-cloud-answer',
      status: 'paid',
    });
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
