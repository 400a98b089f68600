// The ledger at scale: invoicekit against a hand-written floor with the same guarantees (dedupe by a
// unique insert, a status that never moves backwards, one gapless feed row per change), on the same
// database, interleaved, at 1k, 100k and (with --1m or LEDGER_SCALE_1M=1) 1M invoices with three
// deliveries and one feed entry each, 10% open. Prints ratios (invoicekit ÷ hand-written speed), the
// statements each operation sends, the longest event-loop freeze during reconcile, and the EXPLAIN of
// every statement the hot operations send; a sequential scan on a large table is a failure (exit 1).
//   pnpm bench:scale [--1m]
// Environment: LEDGER_SCALE_STORAGES (memory,directory,server), LEDGER_SCALE_SIZES (1000,100000),
// LEDGER_SCALE_ROUNDS (5), LEDGER_DIST (another build of @invoicekit/ledger, e.g. the one before a
// change), LEDGER_SCALE_JSON (a file for the figures as JSON).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import type * as PGliteModule from '../packages/ledger/node_modules/@electric-sql/pglite';
import type * as PgModule from '../packages/ledger/node_modules/@types/pg';
import type {
  CreateInvoiceRequest,
  Decimal,
  Invoice,
  InvoiceEvent,
  InvoiceProvider,
  InvoiceStatus,
} from '@invoicekit/gateway';
import type { Ledger, LedgerError, Sql, Storage } from '@invoicekit/ledger';
import { postgresBinaries, startServer, type TestServer } from '../packages/ledger/test/support/server';
import { FUNCTION_SETTINGS, functionQueries } from '../packages/ledger/test/support/statements';

type LedgerModule = typeof import('@invoicekit/ledger');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require(
  process.env.LEDGER_DIST ? resolve(process.env.LEDGER_DIST) : '@invoicekit/ledger',
) as LedgerModule;
// The drivers are the ledger's dependencies, not the workspace root's: load the copies the ledger uses.
const fromLedger = createRequire(require.resolve('@invoicekit/ledger/package.json'));
const { PGlite } = fromLedger('@electric-sql/pglite') as typeof PGliteModule;
const { Pool } = fromLedger('pg') as typeof PgModule;
type Pool = PgModule.Pool;
type PoolClient = PgModule.PoolClient;

const ARGS = new Set(process.argv.slice(2));
const SIZES = (process.env.LEDGER_SCALE_SIZES ?? '1000,100000')
  .split(',')
  .filter((size) => size !== '')
  .map(Number)
  .concat(ARGS.has('--1m') || process.env.LEDGER_SCALE_1M === '1' ? [1_000_000] : []);
const STORAGES = (process.env.LEDGER_SCALE_STORAGES ?? 'memory,directory,server').split(',');
const ROUNDS = Number(process.env.LEDGER_SCALE_ROUNDS ?? 5);
const APPLY_INVOICES = 100;
const CREATES = 100;
const RECONCILE_LIMIT = 100;
/** Both sides ask again about an invoice at once, so every reconcile call finds a full batch due at any size. */
const RECHECK_MS = 0;
const LARGE = 100_000;
const BULK_CHUNK = 50_000;
const STEPS: ReadonlyArray<InvoiceStatus> = ['pending', 'processing', 'paid'];
const RANK: Readonly<Record<string, number>> = { created: 0, pending: 1, processing: 2, paid: 4 };

const must = async <A>(task: TaskEither<LedgerError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(lib.describeLedgerError(result.left));
  return result.right;
};

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// ---------------------------------------------------------------- the database, reached by hand

type Query = <R = Record<string, unknown>>(text: string, params?: ReadonlyArray<unknown>) => Promise<R[]>;

/** One database: plain queries and transactions for the floor and the loader, and the ledger's storage on it. */
interface Db {
  readonly name: string;
  readonly query: Query;
  tx<A>(body: (query: Query) => Promise<A>): Promise<A>;
  storage(): Storage;
  close(): Promise<void>;
}

const pgliteDb = async (name: string, dataDir?: string): Promise<Db> => {
  const db = new PGlite(dataDir);
  await db.waitReady;
  const query: Query = async (text, params) => (await db.query(text, params as unknown[])).rows as never[];
  return {
    name,
    query,
    tx: (body) =>
      db.transaction((tx) =>
        body(async (text, params) => (await tx.query(text, params as unknown[])).rows as never[]),
      ),
    storage: () => lib.pglite(db),
    close: () => db.close(),
  };
};

const serverDb = async (server: TestServer): Promise<Db> => {
  const pool = new Pool({ connectionString: server.url(), max: 16 });
  const storages: Storage[] = [];
  const on =
    (client: Pool | PoolClient): Query =>
    async (text, params) =>
      (await client.query(text, params as unknown[])).rows as never[];
  return {
    name: 'PostgreSQL server',
    query: on(pool),
    tx: async (body) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await body(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    storage: () => {
      const storage = lib.postgres({ connectionString: server.url(), max: 16 });
      storages.push(storage);
      return storage;
    },
    close: async () => {
      await Promise.all(storages.map((storage) => storage.close()()));
      await pool.end();
    },
  };
};

// ---------------------------------------------------------------- the hand-written floor

const FLOOR_SCHEMA = `
CREATE SCHEMA floor;
CREATE TABLE floor.orders (
  key bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, provider text NOT NULL, order_id text NOT NULL,
  invoice_id text, status text NOT NULL, status_rank int NOT NULL, price_amount text NOT NULL,
  price_currency text NOT NULL, received_amount text, request jsonb, snapshot jsonb, checked_at timestamptz,
  lease_until timestamptz, updated_at timestamptz NOT NULL DEFAULT now(), UNIQUE (provider, order_id));
CREATE UNIQUE INDEX orders_by_invoice ON floor.orders (provider, invoice_id);
CREATE INDEX orders_due ON floor.orders (provider, checked_at NULLS FIRST, key) WHERE status_rank BETWEEN 0 AND 3;
CREATE INDEX orders_quiet ON floor.orders (provider, updated_at) WHERE status_rank BETWEEN 0 AND 3;
CREATE TABLE floor.deliveries (provider text, dedupe_key text, invoice_id text NOT NULL, status text NOT NULL,
  event jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (provider, dedupe_key));
CREATE TABLE floor.feed_head (singleton boolean PRIMARY KEY, position bigint NOT NULL);
INSERT INTO floor.feed_head VALUES (true, 0);
CREATE TABLE floor.feed (position bigint PRIMARY KEY, order_key bigint NOT NULL, status text NOT NULL,
  at timestamptz NOT NULL DEFAULT now());`;

const FLOOR = {
  insertDelivery: `INSERT INTO floor.deliveries (provider, dedupe_key, invoice_id, status, event)
    VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING 1 AS fresh`,
  advance: `UPDATE floor.orders SET status = $3, status_rank = $4, received_amount = $5, updated_at = now()
    WHERE provider = $1 AND invoice_id = $2 AND status_rank < $4 RETURNING key`,
  append: `WITH head AS (UPDATE floor.feed_head SET position = position + 1 RETURNING position)
    INSERT INTO floor.feed (position, order_key, status) SELECT position, $1, $2 FROM head`,
  insertOrder: `INSERT INTO floor.orders (provider, order_id, status, status_rank, price_amount, price_currency, request)
    VALUES ($1, $2, 'requested', -1, $3, $4, $5::jsonb) ON CONFLICT DO NOTHING RETURNING key`,
  recordInvoice: `WITH invoice AS (UPDATE floor.orders SET invoice_id = $2, status = $3, status_rank = $4, snapshot = $5::jsonb,
        updated_at = now() WHERE key = $1 RETURNING key),
      head AS (UPDATE floor.feed_head SET position = position + 1 WHERE EXISTS (SELECT 1 FROM invoice) RETURNING position)
    INSERT INTO floor.feed (position, order_key, status) SELECT position, $1, $3 FROM head`,
  claim: `UPDATE floor.orders SET lease_until = now() + interval '5 minutes' WHERE key IN (
      SELECT key FROM floor.orders WHERE provider = $1 AND status_rank BETWEEN 0 AND 3
        AND (lease_until IS NULL OR lease_until < now())
        AND (checked_at IS NULL OR checked_at < now())
      ORDER BY checked_at NULLS FIRST, key LIMIT $2 FOR UPDATE SKIP LOCKED)
    RETURNING key, invoice_id, order_id`,
  recordRead: `WITH before AS (SELECT status_rank FROM floor.orders WHERE key = $1 FOR UPDATE),
      invoice AS (UPDATE floor.orders SET status = CASE WHEN $3 > status_rank THEN $2 ELSE status END,
        status_rank = GREATEST(status_rank, $3), snapshot = $4::jsonb, checked_at = now(), lease_until = NULL,
        updated_at = now()
      WHERE key = $1 RETURNING key),
      head AS (UPDATE floor.feed_head SET position = position + 1
        WHERE (SELECT status_rank FROM before) < $3 AND EXISTS (SELECT 1 FROM invoice) RETURNING position)
    INSERT INTO floor.feed (position, order_key, status) SELECT position, $1, $2 FROM head`,
  stale: `SELECT provider, order_id, invoice_id, status, updated_at FROM floor.orders
    WHERE provider = $1 AND status_rank BETWEEN 0 AND 3 AND updated_at < now() - interval '1 hour'
    ORDER BY updated_at LIMIT 1000`,
};

/** Applies a delivery by hand: five statements (begin, dedupe, advance, append, commit); a repeat is three. */
const floorApply = (db: Db) => (event: InvoiceEvent) =>
  db.tx(async (query) => {
    const fresh = await query(FLOOR.insertDelivery, [
      event.provider,
      event.dedupeKey,
      event.invoiceId,
      event.status,
      JSON.stringify(event),
    ]);
    if (fresh.length === 0) return;
    const moved = await query<{ key: string }>(FLOOR.advance, [
      event.provider,
      event.invoiceId,
      event.status,
      RANK[event.status],
      event.received?.amount ?? null,
    ]);
    if (moved[0] !== undefined) await query(FLOOR.append, [moved[0].key, event.status]);
  });

/** Creates by hand: the order recorded, the provider called, the invoice recorded with its feed row (two statements). */
const floorCreate = (db: Db, provider: InvoiceProvider) => async (request: CreateInvoiceRequest) => {
  const [row] = await db.query<{ key: string }>(FLOOR.insertOrder, [
    provider.id,
    request.orderId,
    request.amount,
    request.currency,
    JSON.stringify(request),
  ]);
  if (row === undefined) throw new Error(`order ${request.orderId} exists`);
  const answer = await provider.createInvoice(request)();
  if (E.isLeft(answer)) throw new Error('the fake provider refused');
  await db.query(FLOOR.recordInvoice, [
    row.key,
    answer.right.id,
    answer.right.status,
    RANK[answer.right.status],
    JSON.stringify(answer.right),
  ]);
};

/**
 * Reconciles by hand: claim a batch from an index, read each (4 at a time) and record it (status and a
 * feed row if it advanced, the invoice read), report the stale. `pinned`: the claim runs with bitmap scans off, so it
 * walks its index in order however few rows the planner expects (without statistics, as on PGlite, it
 * otherwise may read every open row and sort them).
 */
const floorReconcile =
  (db: Db, readable: InvoiceProvider, unreadable: string, pinned = false) =>
  async () => {
    const params = [readable.id, RECONCILE_LIMIT];
    type Claimed = { key: string; invoice_id: string; order_id: string };
    const claimed = pinned
      ? await db.tx(async (query) => {
          await query('SET LOCAL enable_bitmapscan = off');
          return query<Claimed>(FLOOR.claim, params);
        })
      : await db.query<Claimed>(FLOOR.claim, params);
    for (let i = 0; i < claimed.length; i += 4)
      await Promise.all(
        claimed.slice(i, i + 4).map(async (row) => {
          const read = await readable.getInvoice({ id: row.invoice_id, orderId: row.order_id })();
          if (E.isRight(read))
            await db.query(FLOOR.recordRead, [
              row.key,
              read.right.status,
              RANK[read.right.status],
              JSON.stringify(read.right),
            ]);
        }),
      );
    return db.query(FLOOR.stale, [unreadable]);
  };

// ---------------------------------------------------------------- a provider answering at once

const invoiceOf = (provider: string, id: string, orderId: string | null, status: InvoiceStatus): Invoice => ({
  provider,
  id,
  orderId,
  customerReference: null,
  status,
  providerStatus: status,
  failureReason: null,
  paymentUrl: `https://pay.example/${id}`,
  title: null,
  price: { amount: '149.9' as Decimal, currency: 'EUR' },
  payment: { currency: 'BTC', amount: '0.0013' as Decimal, address: 'tb1qexample', tag: null, network: null },
  received: null,
  remaining: null,
  createdAt: null,
  expiresAt: null,
  testMode: false,
  raw: {},
});

/** An in-process provider: creates at once, reads every invoice as pending (so a read changes nothing). */
const instantProvider = (id: string, readable: boolean): InvoiceProvider => ({
  id,
  capabilities: {
    operations: { createInvoice: true, getInvoice: readable, cancelInvoice: false, listInvoices: false },
    requiredFields: [],
    unsupportedFields: [],
    ignoredFields: [],
    expiresInMinutes: 'any',
    amountFractionDigits: { max: 8, source: 'bench' },
    rejectsDuplicateOrders: false,
  },
  createInvoice: (request) => async () =>
    E.right(invoiceOf(id, `inv-${request.orderId}`, request.orderId, 'created')),
  getInvoice: (ref) => async () =>
    E.right(
      invoiceOf(
        id,
        typeof ref === 'string' ? ref : ref.id,
        typeof ref === 'string' ? null : ref.orderId,
        'pending',
      ),
    ),
  cancelInvoice: () => async () => E.left({ _tag: 'Unsupported' } as never),
  parseWebhook: () => async () => E.left({ _tag: 'UnsupportedEvent' } as never),
});

const READABLE = instantProvider('cryptocloud', true);
const UNREADABLE = instantProvider('cryptoprocessing', false);

const requestFor = (orderId: string): CreateInvoiceRequest => ({
  orderId,
  amount: '149.9',
  currency: 'EUR',
  payCurrency: 'BTC',
  customer: { reference: 'customer-77' },
});

const eventFor = (invoiceId: string, orderId: string, status: InvoiceStatus): InvoiceEvent => ({
  provider: 'cryptocloud',
  invoiceId,
  orderId,
  status,
  providerStatus: status,
  failureReason: null,
  received: status === 'paid' ? { amount: '0.0013' as Decimal, currency: 'BTC' } : null,
  remaining: null,
  transactions: [],
  dedupeKey: `cryptocloud:${invoiceId}:${status}`,
  confirmed: true,
  testMode: false,
  raw: { id: invoiceId, status },
});

// ---------------------------------------------------------------- data: both schemas grown to a size

/** The request and snapshot columns of bulk invoice `g`, the same in both schemas. */
const BULK_REQUEST_AND_SNAPSHOT = `jsonb_build_object('orderId', 'bulk-' || g, 'amount', '149.9', 'currency', 'EUR', 'payCurrency', 'BTC',
    'customer', jsonb_build_object('reference', 'customer-' || g)),
  jsonb_build_object('provider', 'cryptocloud', 'id', 'inv-bulk-' || g, 'orderId', 'bulk-' || g,
    'status', CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'paid' END, 'paymentUrl', 'https://pay.example/inv-bulk-' || g,
    'price', jsonb_build_object('amount', '149.9', 'currency', 'EUR'),
    'payment', jsonb_build_object('currency', 'BTC', 'amount', '0.0013', 'address', 'tb1qexample' || g),
    'received', NULL, 'remaining', NULL, 'testMode', false, 'raw', '{}'::jsonb)`;

const ledgerInvoices = (from: number, to: number) => `
INSERT INTO invoicekit_ledger.invoices (provider, order_id, invoice_id, creation, status, provider_status,
  price_amount, price_currency, payment_currency, payment_amount, received_amount, received_currency, flags,
  test_mode, request, snapshot, requested_at, updated_at)
SELECT CASE WHEN g % 20 = 0 THEN 'cryptoprocessing' ELSE 'cryptocloud' END, 'bulk-' || g, 'inv-bulk-' || g,
  'created', CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'paid' END, CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'paid' END,
  '149.9', 'EUR', 'BTC', '0.0013', CASE WHEN g % 10 = 0 THEN NULL ELSE '0.0013' END,
  CASE WHEN g % 10 = 0 THEN NULL ELSE 'BTC' END, '{}', false,
  ${BULK_REQUEST_AND_SNAPSHOT},
  now() - interval '3 days', now() - interval '2 days' + g * interval '1 millisecond'
FROM generate_series(${from}, ${to}) AS g`;

const ledgerDeliveries = (keyAfter: string) => `
INSERT INTO invoicekit_ledger.deliveries (provider, dedupe_key, invoice_key, invoice_id, order_id, status, confirmed,
  test_mode, event, outcome)
SELECT i.provider, i.provider || ':' || i.invoice_id || ':' || s.status, i.key, i.invoice_id, i.order_id, s.status,
  true, false,
  jsonb_build_object('provider', i.provider, 'invoiceId', i.invoice_id, 'orderId', i.order_id, 'status', s.status,
    'dedupeKey', i.provider || ':' || i.invoice_id || ':' || s.status, 'confirmed', true, 'testMode', false,
    'raw', jsonb_build_object('id', i.invoice_id, 'status', s.status)),
  jsonb_build_object('invoiceId', i.invoice_id, 'orderId', i.order_id, 'applied', true, 'from', NULL,
    'to', s.status, 'raised', '[]'::jsonb, 'reason', 'bulk', 'position', NULL)
FROM invoicekit_ledger.invoices AS i CROSS JOIN (VALUES ('pending'), ('processing'), ('paid')) AS s(status)
WHERE i.key > ${keyAfter} AND i.order_id LIKE 'bulk-%'`;

const ledgerFeed = (keyAfter: string) => `
INSERT INTO invoicekit_ledger.transitions (position, invoice_key, provider, invoice_id, order_id, from_status,
  to_status, applied, flags, raised, reason, cause, dedupe_key, received_amount, received_currency, test_mode, action)
SELECT (SELECT position FROM invoicekit_ledger.feed_head) + row_number() OVER (ORDER BY i.key), i.key, i.provider,
  i.invoice_id, i.order_id, NULL, i.status, true, '{}', '{}', 'bulk', 'delivery', NULL, i.received_amount,
  i.received_currency, false, CASE WHEN i.status = 'paid' THEN 'fulfil' ELSE 'wait' END
FROM invoicekit_ledger.invoices AS i WHERE i.key > ${keyAfter} AND i.order_id LIKE 'bulk-%';
UPDATE invoicekit_ledger.feed_head SET position = (SELECT max(position) FROM invoicekit_ledger.transitions)`;

const floorOrders = (from: number, to: number) => `
INSERT INTO floor.orders (provider, order_id, invoice_id, status, status_rank, price_amount, price_currency,
  received_amount, request, snapshot, updated_at)
SELECT CASE WHEN g % 20 = 0 THEN 'cryptoprocessing' ELSE 'cryptocloud' END, 'bulk-' || g, 'inv-bulk-' || g,
  CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'paid' END, CASE WHEN g % 10 = 0 THEN 1 ELSE 4 END, '149.9', 'EUR',
  CASE WHEN g % 10 = 0 THEN NULL ELSE '0.0013' END,
  ${BULK_REQUEST_AND_SNAPSHOT},
  now() - interval '2 days' + g * interval '1 millisecond'
FROM generate_series(${from}, ${to}) AS g`;

const floorDeliveries = (keyAfter: string) => `
INSERT INTO floor.deliveries (provider, dedupe_key, invoice_id, status, event)
SELECT o.provider, o.provider || ':' || o.invoice_id || ':' || s.status, o.invoice_id, s.status,
  jsonb_build_object('provider', o.provider, 'invoiceId', o.invoice_id, 'orderId', o.order_id, 'status', s.status,
    'dedupeKey', o.provider || ':' || o.invoice_id || ':' || s.status, 'confirmed', true, 'testMode', false,
    'raw', jsonb_build_object('id', o.invoice_id, 'status', s.status))
FROM floor.orders AS o CROSS JOIN (VALUES ('pending'), ('processing'), ('paid')) AS s(status)
WHERE o.key > ${keyAfter} AND o.order_id LIKE 'bulk-%'`;

const floorFeed = (keyAfter: string) => `
INSERT INTO floor.feed (position, order_key, status)
SELECT (SELECT position FROM floor.feed_head) + row_number() OVER (ORDER BY o.key), o.key, o.status
FROM floor.orders AS o WHERE o.key > ${keyAfter} AND o.order_id LIKE 'bulk-%';
UPDATE floor.feed_head SET position = (SELECT max(position) FROM floor.feed)`;

const maxKey = async (db: Db, table: string): Promise<string> =>
  (await db.query<{ key: string | null }>(`SELECT max(key)::text AS key FROM ${table}`))[0]?.key ?? '0';

const run = async (db: Db, script: string) => {
  for (const sql of script.split(';\n')) await db.query(sql);
};

/** Grows both schemas from `from` bulk invoices to `to`, each with three deliveries and one feed entry. */
const grow = async (db: Db, from: number, to: number) => {
  for (let start = from + 1; start <= to; start += BULK_CHUNK) {
    const end = Math.min(to, start + BULK_CHUNK - 1);
    const ledgerAfter = await maxKey(db, 'invoicekit_ledger.invoices');
    await db.query(ledgerInvoices(start, end));
    await db.query(ledgerDeliveries(ledgerAfter));
    await run(db, ledgerFeed(ledgerAfter));
    const floorAfter = await maxKey(db, 'floor.orders');
    await db.query(floorOrders(start, end));
    await db.query(floorDeliveries(floorAfter));
    await run(db, floorFeed(floorAfter));
  }
};

/** Fresh created invoices for one apply round, in both schemas. */
const freshInvoices = async (db: Db, prefix: string): Promise<InvoiceEvent[][]> => {
  await db.query(`INSERT INTO invoicekit_ledger.invoices (provider, order_id, invoice_id, creation, status,
      provider_status, price_amount, price_currency, payment_currency, payment_amount, flags, test_mode)
    SELECT 'cryptocloud', '${prefix}-' || g, 'inv-${prefix}-' || g, 'created', 'created', 'created', '149.9', 'EUR',
      'BTC', '0.0013', '{}', false FROM generate_series(1, ${APPLY_INVOICES}) AS g`);
  await db.query(`INSERT INTO floor.orders (provider, order_id, invoice_id, status, status_rank, price_amount, price_currency)
    SELECT 'cryptocloud', '${prefix}-' || g, 'inv-${prefix}-' || g, 'created', 0, '149.9', 'EUR'
    FROM generate_series(1, ${APPLY_INVOICES}) AS g`);
  return STEPS.map((status) =>
    Array.from({ length: APPLY_INVOICES }, (_, i) =>
      eventFor(`inv-${prefix}-${i + 1}`, `${prefix}-${i + 1}`, status),
    ),
  );
};

// ---------------------------------------------------------------- measuring

/** Runs `work` over `items` with `inFlight` at a time; returns items per second. */
const rateOf = async <A>(items: ReadonlyArray<A>, inFlight: number, work: (item: A) => Promise<unknown>) => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return items.length / ((performance.now() - started) / 1000);
};

/**
 * A call timed, with the longest time the event loop went without a turn meanwhile (ms): a
 * setImmediate chain notes each turn, and the time from the last turn to the end counts too (a call
 * that never yields freezes the loop for all of it).
 */
const timed = async (call: () => Promise<unknown>): Promise<{ ms: number; freeze: number }> => {
  let last = performance.now();
  let freeze = 0;
  let live = true;
  const turn = () => {
    const now = performance.now();
    freeze = Math.max(freeze, now - last);
    last = now;
    if (live) setImmediate(turn);
  };
  setImmediate(turn);
  const started = performance.now();
  await call();
  const ended = performance.now();
  live = false;
  return { ms: ended - started, freeze: Math.max(freeze, ended - last) };
};

interface Pair {
  readonly ours: number;
  readonly floor: number;
  readonly ratio: number;
}

/** Interleaved rounds (who goes first alternates); `ratio` is the median of the rounds' ratios, higher is better for invoicekit. */
const pairs = async (
  rounds: number,
  ours: (round: number) => Promise<number>,
  floor: (round: number) => Promise<number>,
  before: (round: number) => Promise<unknown> = async () => undefined,
): Promise<Pair> => {
  const mine: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    await before(round);
    if (round % 2 === 0) {
      mine.push(await ours(round));
      theirs.push(await floor(round));
    } else {
      theirs.push(await floor(round));
      mine.push(await ours(round));
    }
  }
  const ratios = mine.map((m, i) => m / theirs[i]!);
  return { ours: median(mine), floor: median(theirs), ratio: median(ratios) };
};

interface Figures {
  readonly storage: string;
  readonly size: number;
  readonly load: number;
  readonly apply1: Pair;
  readonly apply16: Pair;
  readonly duplicate: Pair;
  readonly create: Pair;
  readonly reconcile: Pair;
  readonly reconcilePinned: Pair;
  readonly freeze: Pair;
  readonly statements: Record<string, number>;
  readonly explained: ReadonlyArray<Explained>;
}

interface Explained {
  readonly operation: string;
  readonly text: string;
  readonly plan: string;
  readonly failures: ReadonlyArray<string>;
}

const measure = async (
  db: Db,
  ledger: Ledger,
  size: number,
  tag: string,
): Promise<Omit<Figures, 'statements' | 'explained'>> => {
  const load = loadavg()[0] ?? 0;
  let applied = 0;
  const applyRounds = async (inFlight: number) => {
    const events = new Map<number, InvoiceEvent[][]>();
    const result = await pairs(
      ROUNDS,
      async (round) => {
        const steps = events.get(round)!;
        let total = 0;
        for (const step of steps)
          total += step.length / (await rateOf(step, inFlight, (e) => must(ledger.apply(e))));
        return steps.flat().length / total;
      },
      async (round) => {
        const steps = events.get(round)!;
        let total = 0;
        for (const step of steps) total += step.length / (await rateOf(step, inFlight, floorApply(db)));
        return steps.flat().length / total;
      },
      async (round) => events.set(round, await freshInvoices(db, `${tag}-a${inFlight}-${applied++}`)),
    );
    return { result, last: events.get(ROUNDS - 1)!.flat() };
  };
  await applyRounds(1);
  const apply1 = await applyRounds(1);
  const apply16 = await applyRounds(16);
  const duplicate = await pairs(
    ROUNDS,
    () => rateOf(apply1.last, 1, (e) => must(ledger.apply(e))),
    () => rateOf(apply1.last, 1, floorApply(db)),
  );
  const orders = (who: string, round: number) =>
    Array.from({ length: CREATES }, (_, i) => requestFor(`${tag}-c-${who}-${round}-${i}`));
  const create = await pairs(
    ROUNDS,
    (round) => rateOf(orders('ik', round), 1, (request) => must(ledger.createInvoice(READABLE, request))),
    (round) => rateOf(orders('floor', round), 1, floorCreate(db, READABLE)),
  );
  const reconcileOnce = () =>
    must(ledger.reconcile({ providers: [READABLE, UNREADABLE], limit: RECONCILE_LIMIT }));
  const floorOnce = floorReconcile(db, READABLE, UNREADABLE.id);
  const pinnedOnce = floorReconcile(db, READABLE, UNREADABLE.id, true);
  await timed(reconcileOnce);
  await timed(floorOnce);
  await timed(pinnedOnce);
  type Timed = { ms: number; freeze: number };
  const runs: Array<{ ours: Timed; floor: Timed; pinned: Timed }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      const ours = await timed(reconcileOnce);
      const floor = await timed(floorOnce);
      runs.push({ ours, floor, pinned: await timed(pinnedOnce) });
    } else {
      const pinned = await timed(pinnedOnce);
      const floor = await timed(floorOnce);
      runs.push({ ours: await timed(reconcileOnce), floor, pinned });
    }
  }
  const reconcile: Pair = {
    ours: median(runs.map((r) => r.ours.ms)),
    floor: median(runs.map((r) => r.floor.ms)),
    ratio: median(runs.map((r) => r.floor.ms / r.ours.ms)),
  };
  const reconcilePinned: Pair = {
    ours: reconcile.ours,
    floor: median(runs.map((r) => r.pinned.ms)),
    ratio: median(runs.map((r) => r.pinned.ms / r.ours.ms)),
  };
  const freeze: Pair = {
    ours: Math.max(...runs.map((r) => r.ours.freeze)),
    floor: Math.max(...runs.map((r) => r.floor.freeze)),
    ratio: Math.max(...runs.map((r) => r.floor.freeze)) / Math.max(...runs.map((r) => r.ours.freeze)),
  };
  return {
    storage: db.name,
    size,
    load,
    apply1: apply1.result,
    apply16: apply16.result,
    duplicate,
    create,
    reconcile,
    reconcilePinned,
    freeze,
  };
};

// ---------------------------------------------------------------- statements and their plans

interface Recorded {
  readonly text: string;
  readonly params: ReadonlyArray<unknown>;
}

/** The ledger's storage, recording every statement it is sent (a transaction counts its BEGIN and COMMIT). */
const recording = (storage: Storage) => {
  const sent: Recorded[] = [];
  let statements = 0;
  const recorded = (sql: Sql): Sql => ({
    query: (text, params = []) => {
      statements += 1;
      sent.push({ text: typeof text === 'string' ? text : text.text, params });
      return sql.query(text, params);
    },
    exec: (script) => sql.exec(script),
  });
  const wrapped: Storage = {
    ...storage,
    ...recorded(storage),
    transaction: (body) => {
      statements += 2;
      return storage.transaction((tx) => body(recorded(tx)));
    },
    close: () => storage.close(),
  };
  return {
    storage: wrapped,
    take: () => {
      const taken = { sent: [...sent], statements };
      sent.length = 0;
      statements = 0;
      return taken;
    },
  };
};

const LARGE_TABLES = /Seq Scan on (invoices|deliveries|transitions|orders|feed)\b/g;
const SCAN =
  /(Seq Scan|Bitmap Heap Scan|Index Scan|Index Only Scan)(?: using \S+)? on (invoices|deliveries|transitions|orders|feed)\b.*actual (?:time=\S+ )?rows=([\d.]+) loops=(\d+)/;
/** A scan of a large table reading more rows than this for one call is a failure: a hot query reads about what it returns. */
const MOST_ROWS_READ = 5_000;

class RolledBack extends Error {
  constructor(readonly plan: string) {
    super('rolled back');
  }
}

/** The plan as run (EXPLAIN ANALYZE), in a transaction rolled back afterwards, with `settings` first. */
const analyzed = async (
  db: Db,
  text: string,
  params: ReadonlyArray<unknown>,
  settings: ReadonlyArray<string> = [],
) => {
  try {
    await db.tx(async (query) => {
      for (const setting of settings) await query(setting);
      const rows = await query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, TIMING OFF) ${text}`, params);
      throw new RolledBack(rows.map((r) => r['QUERY PLAN']).join('\n'));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.plan;
    throw error;
  }
  return '';
};

/** Sequential scans of large tables, and scans that read more than `MOST_ROWS_READ` rows of one. */
const failuresIn = (plan: string): string[] => [
  ...[...plan.matchAll(LARGE_TABLES)].map((m) => m[0]),
  ...plan.split('\n').flatMap((line) => {
    const scan = SCAN.exec(line);
    const read = scan === null ? 0 : Number(scan[3]) * Number(scan[4]);
    return read > MOST_ROWS_READ
      ? [`${scan![1]} on ${scan![2]} read ${Math.round(read).toLocaleString('en')} rows`]
      : [];
  }),
];

const source = (db: Db) => async (name: string) =>
  (await db.query<{ prosrc: string }>('SELECT prosrc FROM pg_proc WHERE proname = $1', [name]))[0]?.prosrc ??
  '';

/**
 * The plan as run of every distinct statement sent, and of the queries inside the ledger functions it
 * calls (with their settings), each in a transaction rolled back afterwards.
 */
const explain = async (
  db: Db,
  operation: string,
  sent: ReadonlyArray<Recorded>,
  size: number,
): Promise<Explained[]> => {
  const seen = new Set<string>();
  const out: Explained[] = [];
  const note = (text: string, plan: string) =>
    out.push({ operation, text, plan, failures: size >= LARGE ? failuresIn(plan) : [] });
  for (const statement of sent) {
    if (seen.has(statement.text) || /^\s*(BEGIN|COMMIT|ROLLBACK)/i.test(statement.text)) continue;
    seen.add(statement.text);
    note(statement.text, await analyzed(db, statement.text, statement.params));
    for (const inside of await functionQueries(statement, source(db)))
      note(`(inside) ${inside.text}`, await analyzed(db, inside.text, inside.params, FUNCTION_SETTINGS));
  }
  return out;
};

const FLOOR_STATEMENTS: Record<string, number> = { apply: 5, duplicate: 3, create: 2 };

/** Statements per operation and the plan of each, on a second ledger over a recording storage. */
const inspect = async (db: Db, size: number, tag: string) => {
  const { storage, take } = recording(db.storage());
  const ledger = await must(lib.openLedger({ storage, recheckAfterMs: RECHECK_MS }));
  take();
  const [pending] = await freshInvoices(db, `${tag}-x`);
  const statements: Record<string, number> = {};
  const explained: Explained[] = [];
  const op = async (name: string, call: () => Promise<unknown>) => {
    take();
    await call();
    const { sent, statements: count } = take();
    statements[name] = count;
    explained.push(...(await explain(db, name, sent, size)));
  };
  await op('create', () => must(ledger.createInvoice(READABLE, requestFor(`${tag}-x-create`))));
  await op('apply', () => must(ledger.apply(pending![0]!)));
  await op('duplicate', () => must(ledger.apply(pending![0]!)));
  await op('apply, an invoice first seen', () =>
    must(ledger.apply(eventFor(`inv-${tag}-x-unknown`, `${tag}-x-unknown`, 'pending'))),
  );
  const head = (
    await db.query<{ p: string }>('SELECT position::text AS p FROM invoicekit_ledger.feed_head')
  )[0]!.p;
  await op('feed tail', () =>
    must(ledger.transitions({ after: Math.max(0, Number(head) - 100), limit: 100 })),
  );
  await op('reconcile', () =>
    must(ledger.reconcile({ providers: [READABLE, UNREADABLE], limit: RECONCILE_LIMIT })),
  );
  for (const [name, text, params] of [
    ['floor apply', FLOOR.advance, ['cryptocloud', 'inv-bulk-10', 'paid', 4, null]],
    ['floor duplicate', FLOOR.insertDelivery, ['cryptocloud', 'k', 'inv-bulk-10', 'paid', '{}']],
    ['floor reconcile', FLOOR.claim, ['cryptocloud', RECONCILE_LIMIT]],
    ['floor reconcile', FLOOR.stale, ['cryptoprocessing']],
  ] as const)
    explained.push(...(await explain(db, name, [{ text, params }], size)));
  const pinned = await analyzed(
    db,
    FLOOR.claim,
    ['cryptocloud', RECONCILE_LIMIT],
    ['SET LOCAL enable_bitmapscan = off'],
  );
  explained.push({
    operation: 'floor reconcile, pinned to its index',
    text: FLOOR.claim,
    plan: pinned,
    failures: size >= LARGE ? failuresIn(pinned) : [],
  });
  return { statements, explained };
};

// ---------------------------------------------------------------- the run

const openDb = async (kind: string): Promise<{ db: Db; done: () => Promise<void> }> => {
  if (kind === 'memory') {
    const db = await pgliteDb('PGlite, in memory');
    return { db, done: () => db.close() };
  }
  if (kind === 'directory') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-scale-'));
    const db = await pgliteDb('PGlite, data directory', join(dir, 'pglite'));
    return {
      db,
      done: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (postgresBinaries() === null)
    throw new Error('no PostgreSQL server binaries (apt-get install postgresql)');
  const server = await startServer({ durable: true });
  const db = await serverDb(server);
  return {
    db,
    done: async () => {
      await db.close();
      server.stop();
    },
  };
};

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const rate = (n: number) => Math.round(n).toLocaleString('en');

const report = (all: ReadonlyArray<Figures>) => {
  const lines = [
    `| storage | invoices | apply, 1 in flight | apply, 16 in flight | duplicate | create | reconcile per call | reconcile, floor pinned to its index | longest freeze in reconcile |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...all.map(
      (f) =>
        `| ${f.storage} | ${f.size.toLocaleString('en')} | ${fmt(f.apply1.ratio)} (${rate(f.apply1.ours)} vs ${rate(f.apply1.floor)} /s) | ${fmt(f.apply16.ratio)} (${rate(f.apply16.ours)} vs ${rate(f.apply16.floor)} /s) | ${fmt(f.duplicate.ratio)} (${rate(f.duplicate.ours)} vs ${rate(f.duplicate.floor)} /s) | ${fmt(f.create.ratio)} (${rate(f.create.ours)} vs ${rate(f.create.floor)} /s) | ${fmt(f.reconcile.ratio)} (${fmt(f.reconcile.ours, 1)} vs ${fmt(f.reconcile.floor, 1)} ms) | ${f.reconcilePinned === undefined ? 'n/a' : `${fmt(f.reconcilePinned.ratio)} (${fmt(f.reconcilePinned.floor, 1)} ms)`} | ${fmt(f.freeze.ours, 1)} ms (hand-written ${fmt(f.freeze.floor, 1)} ms) |`,
    ),
  ];
  return lines.join('\n');
};

const main = async () => {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(
    `ledger at scale: ${process.env.LEDGER_DIST ?? '@invoicekit/ledger'}; ${machine}; sizes ${SIZES.join(', ')}; load ${fmt(loadavg()[0] ?? 0, 1)}`,
  );
  const all: Figures[] = [];
  let failures = 0;
  for (const kind of STORAGES) {
    const { db, done } = await openDb(kind);
    try {
      const ledger = await must(lib.openLedger({ storage: db.storage(), recheckAfterMs: RECHECK_MS }));
      await run(db, FLOOR_SCHEMA);
      let held = 0;
      for (const size of SIZES) {
        const started = performance.now();
        await grow(db, held, size);
        if (kind === 'server') await db.query('ANALYZE');
        held = size;
        console.log(
          `${db.name}: ${size.toLocaleString('en')} invoices loaded in ${fmt((performance.now() - started) / 1000, 1)} s`,
        );
        const tag = `${kind}-${size}`;
        const figures = await measure(db, ledger, size, tag);
        const { statements, explained } = await inspect(db, size, tag);
        all.push({ ...figures, statements, explained });
        console.log(
          report([all[all.length - 1]!])
            .split('\n')
            .slice(2)
            .join('\n'),
        );
        console.log(
          `  statements: ${Object.entries(statements)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')} (hand-written floor: ${Object.entries(FLOOR_STATEMENTS)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}); load ${fmt(figures.load, 1)}`,
        );
        const scans = explained.filter((e) => e.failures.length > 0);
        failures += scans.filter((e) => !e.operation.startsWith('floor')).length;
        for (const e of scans)
          console.log(
            `  ${e.operation.startsWith('floor') ? 'note (hand-written floor)' : 'FAILURE'}: ${e.failures.join(', ')} in ${e.operation}: ${e.text.replace(/\s+/g, ' ').slice(0, 160)}`,
          );
        if (size === SIZES[SIZES.length - 1])
          for (const e of explained)
            console.log(
              `\n  EXPLAIN (${e.operation}) ${e.text.replace(/\s+/g, ' ').slice(0, 200)}\n${e.plan.replace(/^/gm, '    ')}`,
            );
      }
      await must(ledger.close());
    } finally {
      await done();
    }
  }
  console.log(`\n${report(all)}\n`);
  console.log(
    `hot statements scanning a large table sequentially or reading > ${MOST_ROWS_READ.toLocaleString('en')} of its rows: ${failures === 0 ? 'none' : failures}`,
  );
  if (process.env.LEDGER_SCALE_JSON)
    writeFileSync(
      process.env.LEDGER_SCALE_JSON,
      JSON.stringify({ machine, sizes: SIZES, figures: all }, null, 2),
    );
  return failures;
};

main().then(
  (failures) => process.exit(failures === 0 ? 0 : 1),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
