import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway PostgreSQL server on a loopback port, in a temporary directory. */
export interface TestServer {
  readonly port: number;
  /** A connection string for `database` (default `postgres`). */
  url(database?: string): string;
  /** Sends `signal` to the postmaster and every backend: SIGSTOP freezes the server, SIGCONT thaws it. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void;
  stop(): void;
}

/** The directory holding `initdb` and `pg_ctl` (Debian's /usr/lib/postgresql/N/bin, newest first), or null. */
export const postgresBinaries = (): string | null => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });

/** The pids of `parent`'s children, from /proc (Linux). */
const childrenOf = (parent: number): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        // Field 4 of /proc/PID/stat, after the command name in parentheses, is the parent's pid.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent ? [Number(pid)] : [];
      } catch {
        return [];
      }
    });

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

const ownerIds = (): { uid: number; gid: number } => ({
  uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
  gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
});

/** Runs a server binary, as the `postgres` user when we are root (the server refuses to run as root). */
const run = (bin: string, args: ReadonlyArray<string>): void => {
  const [command, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]];
  execFileSync(command as string, argv as string[], { stdio: 'pipe' });
};

/**
 * Starts PostgreSQL: `initdb` into a temporary directory, then `pg_ctl start` on a free loopback
 * port. `durable: false` (tests) turns fsync off; the benchmark keeps the defaults.
 */
export const startServer = async (options: { durable?: boolean } = {}): Promise<TestServer> => {
  const bin = postgresBinaries();
  if (bin === null) {
    throw new Error(
      'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-ledger-pg-'));
  if (isRoot()) {
    const { uid, gid } = ownerIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c max_connections=200',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  run(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    ...(options.durable ? [] : ['--no-sync']),
  ]);
  run(join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    signal: (signal) => {
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      for (const pid of [postmaster, ...childrenOf(postmaster)]) {
        try {
          process.kill(pid, signal);
        } catch (error) {
          // A backend that ended since it was listed needs no signal.
          if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
        }
      }
    },
    stop: () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
};
