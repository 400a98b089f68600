import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { Client, Pool } from 'pg';
import { openLedger, postgres, POSTGRES_TIMEOUTS, type Ledger, type LedgerError } from '../src';
import { eventFor, fakeProvider, money } from './support/fakeProvider';
import { run } from './support/harness';
import { exampleRequest } from './support/requests';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let frozen = false;
let databases = 0;

const freeze = () => {
  server.signal('SIGSTOP');
  frozen = true;
};
const thaw = () => {
  server.signal('SIGCONT');
  frozen = false;
};

/** A new empty database on the test server. */
const freshDatabase = async (): Promise<string> => {
  databases += 1;
  const admin = new Pool({ connectionString: server.url(), max: 1 });
  await admin.query(`CREATE DATABASE deadline_${databases}`);
  await admin.end();
  return server.url(`deadline_${databases}`);
};

beforeAll(async () => {
  server = await startServer();
});

afterEach(() => {
  if (frozen) thaw();
});

afterAll(() => server.stop());

/** Runs a task and reports how it ended and after how many milliseconds. */
const timed = async <A>(task: TaskEither<LedgerError, A>) => {
  const started = Date.now();
  const result = await task();
  return { result, ms: Date.now() - started };
};

const stranger = (i: number) =>
  eventFor({ provider: 'cryptoprocessing', id: `s-${i}`, orderId: `s-order-${i}` }, 'paid', {
    received: money('10', 'EUR'),
  });

const deadline = Math.max(POSTGRES_TIMEOUTS.query_timeout, POSTGRES_TIMEOUTS.connectionTimeoutMillis);

describe('a PostgreSQL server that freezes', () => {
  it('fails apply, create, feed and invoice reads with StorageFailed within the documented deadline, then recovers', async () => {
    const ledger: Ledger = await run(openLedger({ storage: postgres(await freshDatabase()) }));
    const provider = fakeProvider('cryptoprocessing');
    await run(ledger.createInvoice(provider, exampleRequest('before-freeze')));
    await run(ledger.apply(stranger(0)));

    freeze();
    const attempts = await Promise.all([
      timed(ledger.apply(stranger(1))),
      timed(ledger.createInvoice(provider, exampleRequest('during-freeze'))),
      timed(ledger.transitions()),
      timed(ledger.invoice('cryptoprocessing', { orderId: 'before-freeze' })),
    ]);
    thaw();
    for (const { result, ms } of attempts) {
      expect(result).toEqual(
        E.left({ _tag: 'StorageFailed', code: 'ETIMEDOUT', message: expect.stringMatching(/within/) }),
      );
      expect(ms).toBeLessThan(deadline + 1_500);
    }
    expect(provider.calls.create).toBe(1);

    const after = await Promise.all(
      Array.from({ length: 25 }, (_, i) => run(ledger.apply(stranger(10 + i)))),
    );
    expect(after.every((result) => result.applied)).toBe(true);
    expect(await run(ledger.createInvoice(provider, exampleRequest('during-freeze')))).toMatchObject({
      orderId: 'during-freeze',
    });
    const feed = await run(ledger.transitions({ limit: 1000 }));
    expect(feed.entries.map((entry) => entry.position)).toEqual(feed.entries.map((_, i) => i + 1));
    await run(ledger.close());
  }, 60_000);

  it('takes the deadlines a PoolConfig sets instead', async () => {
    const ledger = await run(
      openLedger({
        storage: postgres({
          connectionString: await freshDatabase(),
          query_timeout: 800,
          connectionTimeoutMillis: 700,
        }),
      }),
    );
    await run(ledger.apply(stranger(0)));
    freeze();
    const [pooled, fresh] = await Promise.all([
      timed(ledger.apply(stranger(1))),
      timed(ledger.apply(stranger(2))),
    ]);
    thaw();
    expect([pooled, fresh].map(({ result }) => result)).toEqual([
      E.left({
        _tag: 'StorageFailed',
        code: 'ETIMEDOUT',
        message:
          "The ledger's database failed: PostgreSQL did not answer within query_timeout (800 ms) (ETIMEDOUT)",
      }),
      E.left({
        _tag: 'StorageFailed',
        code: 'ETIMEDOUT',
        message:
          "The ledger's database failed: could not connect to PostgreSQL within connectionTimeoutMillis (700 ms) (ETIMEDOUT)",
      }),
    ]);
    for (const { ms } of [pooled, fresh]) expect(ms).toBeLessThan(2_000);
    expect(await run(ledger.apply(stranger(1)))).toMatchObject({ applied: true, duplicate: false });
    await run(ledger.close());
  }, 30_000);
});

describe('a transaction that holds the feed', () => {
  it('makes apply fail with lock_timeout instead of waiting for it, and the connection stays usable', async () => {
    const url = await freshDatabase();
    const ledger = await run(openLedger({ storage: postgres(url) }));
    const holder = new Client({ connectionString: url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('UPDATE invoicekit_ledger.feed_head SET position = position');
    const { result, ms } = await timed(ledger.apply(stranger(1)));
    expect(result).toMatchObject(E.left({ _tag: 'StorageFailed', code: '55P03' }));
    expect(ms).toBeGreaterThanOrEqual(POSTGRES_TIMEOUTS.lock_timeout - 100);
    expect(ms).toBeLessThan(POSTGRES_TIMEOUTS.lock_timeout + 1_500);
    await holder.query('ROLLBACK');
    await holder.end();
    expect(await run(ledger.apply(stranger(1)))).toMatchObject({ applied: true, position: 1 });
    await run(ledger.close());
  }, 30_000);
});
