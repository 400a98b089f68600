jest.mock('@electric-sql/pglite', () =>
  jest.requireActual<typeof import('./support/nativePglite')>('./support/nativePglite').nativePglite(),
);

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LOCK_FILE, openLedger, pglite, type FeedEntry, type Ledger } from '../src';
import { run, runLeft } from './support/harness';

const ROOT = resolve(__dirname, '../../..');

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** A pgliteWorker child: what it acknowledged, when it is ready, and how it ended. */
interface Worker {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pid: number;
  readonly acked: string[];
  readonly firstAck: Promise<void>;
  readonly ready: Promise<void>;
  readonly exit: Promise<Exit>;
}

const start = (dir: string, count: number, name: string): Worker => {
  const child = spawn(
    'node',
    ['--import', 'tsx', join(__dirname, 'support', 'pgliteWorker.ts'), dir, String(count), name],
    { cwd: ROOT },
  );
  const acked: string[] = [];
  let stdout = '';
  let stderr = '';
  let onAck = (): void => undefined;
  let onReady = (): void => undefined;
  const firstAck = new Promise<void>((done) => (onAck = done));
  const ready = new Promise<void>((done) => (onReady = done));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split('\n');
    stdout = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('acked ')) {
        acked.push(line.slice('acked '.length));
        onAck();
      }
      if (line === 'ready') onReady();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((done) =>
    child.on('close', (code, signal) => {
      onAck();
      onReady();
      done({ code, signal, stderr });
    }),
  );
  return { child, pid: child.pid!, acked, firstAck, ready, exit };
};

const refusedBy = (holder: Worker) => ({
  code: 3,
  signal: null,
  stderr: JSON.stringify({
    _tag: 'StorageFailed',
    message: `another process has this ledger open (pid ${holder.pid}); use a PostgreSQL server for several processes`,
    code: null,
  }),
});

const readAll = async (ledger: Ledger, after = 0): Promise<FeedEntry[]> => {
  const page = await run(ledger.transitions({ after, limit: 1000 }));
  return page.entries.length === 0 ? [] : [...page.entries, ...(await readAll(ledger, page.cursor))];
};

/** Opens the directory in this process and returns the dedupe keys it holds and the feed positions. */
const contents = async (dir: string): Promise<{ keys: string[]; positions: number[] }> => {
  const ledger = await run(openLedger({ storage: pglite(dir) }));
  const rows = await run(
    ledger.storage.query<{ dedupe_key: string }>(
      'SELECT dedupe_key FROM invoicekit_ledger.deliveries ORDER BY dedupe_key',
    ),
  );
  const feed = await readAll(ledger);
  await run(ledger.close());
  return { keys: rows.map((row) => row.dedupe_key), positions: feed.map((entry) => entry.position) };
};

const dirs: string[] = [];
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-pglite-'));
  dirs.push(dir);
  return join(dir, 'data');
};

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('one writer per PGlite directory', () => {
  it('refuses a second process with the holder’s pid while the first writes, and loses nothing the first acknowledged', async () => {
    const dir = freshDir();
    const first = start(dir, 150, 'first');
    await first.firstAck;
    const second = start(dir, 150, 'second');
    expect(await second.exit).toEqual(refusedBy(first));
    expect(second.acked).toEqual([]);
    await first.ready;
    first.child.stdin.end();
    expect(await first.exit).toEqual({ code: 0, signal: null, stderr: '' });
    expect(first.acked).toHaveLength(150);

    const { keys, positions } = await contents(dir);
    expect(keys).toEqual([...first.acked].sort());
    expect(positions).toEqual(first.acked.map((_, i) => i + 1));
  }, 60_000);

  it('lets the next process in once a holder is killed with SIGKILL: the lock dies with its process', async () => {
    const dir = freshDir();
    const killed = start(dir, 20, 'killed');
    await killed.ready;
    killed.child.kill('SIGKILL');
    expect(await killed.exit).toMatchObject({ signal: 'SIGKILL' });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(`${killed.pid}\n`);

    const next = start(dir, 5, 'next');
    await next.ready;
    next.child.stdin.end();
    expect(await next.exit).toEqual({ code: 0, signal: null, stderr: '' });
    expect((await contents(dir)).keys).toEqual([...killed.acked, ...next.acked].sort());
  }, 60_000);

  it('gives a new directory to exactly one of two processes that open it at the same moment', async () => {
    for (let round = 0; round < 2; round += 1) {
      const dir = freshDir();
      const both = [start(dir, 3, 'left'), start(dir, 3, 'right')];
      const loser = await Promise.race(both.map(async (worker) => (await worker.exit, worker)));
      const winner = both.find((worker) => worker !== loser)!;
      expect(await loser.exit).toEqual(refusedBy(winner));
      expect(loser.acked).toEqual([]);
      await winner.ready;
      winner.child.stdin.end();
      expect(await winner.exit).toEqual({ code: 0, signal: null, stderr: '' });
      expect(winner.acked).toHaveLength(3);
    }
  }, 90_000);

  it('refuses a second storage on the directory in this process too, releases on close, and takes no lock in memory', async () => {
    const dir = freshDir();
    const first = await run(openLedger({ storage: pglite(dir) }));
    expect(await runLeft(openLedger({ storage: pglite(dir) }))).toEqual({
      _tag: 'StorageFailed',
      message:
        'this process already has this ledger open (another pglite() storage on the same directory); close it first',
      code: null,
    });
    await run(first.close());
    const again = await run(openLedger({ storage: pglite(`file://${dir}`) }));
    expect(await runLeft(openLedger({ storage: pglite(dir) }))).toMatchObject({ _tag: 'StorageFailed' });
    await run(again.close());

    const memory = await Promise.all([1, 2].map(() => run(openLedger({ storage: pglite() }))));
    await Promise.all(memory.map((ledger) => run(ledger.close())));
  }, 60_000);
});
