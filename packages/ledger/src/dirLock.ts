import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tryLock } from 'fs-native-extensions';
import type { StorageFailed } from './errors';

/** The file in a PGlite data directory whose lock marks the one process that uses the directory. */
export const LOCK_FILE = 'invoicekit-ledger.lock';

/** An exclusive lock on a data directory: held until released or until its process ends, however it ends. */
export interface DirectoryLock {
  release(): void;
}

// The lock covers one byte past the pid text, so reading the pid never meets the lock (Windows locks are mandatory).
const LOCKED_BYTE = 1 << 30;
const PID_READS = 25;
const PID_READ_PAUSE_MS = 20;

const refusal = (pid: number | null): StorageFailed => ({
  _tag: 'StorageFailed',
  message:
    pid === process.pid
      ? 'this process already has this ledger open (another pglite() storage on the same directory); close it first'
      : `another process has this ledger open (pid ${pid ?? 'unknown'}); use a PostgreSQL server for several processes`,
  code: null,
});

const pidIn = (file: string): number | null => {
  const text = readFileSync(file, 'utf8').trim();
  return /^\d+$/.test(text) ? Number(text) : null;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The holder's pid, as it wrote it. A holder writes it just after taking the lock, so a pid that is
 * missing or names a dead process (the one before) is read again for a moment; a pid from another
 * pid namespace (a container sharing the directory) is reported as read.
 */
const holderPid = async (file: string): Promise<number | null> => {
  let last: number | null = null;
  for (let read = 0; read < PID_READS; read += 1) {
    last = pidIn(file) ?? last;
    if (last !== null && isAlive(last)) return last;
    await pause(PID_READ_PAUSE_MS);
  }
  return last;
};

/**
 * Takes the exclusive lock of a PGlite data directory (created when missing): an open-file lock the
 * kernel drops when its holder closes it or dies, even by `kill -9`, so a lock is never stale and
 * taking it is atomic. Rejects with a `StorageFailed` naming the holder's pid while another holds it.
 */
export const lockDirectory = async (dir: string): Promise<DirectoryLock> => {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const fd = openSync(file, 'a+');
  try {
    if (!tryLock(fd, LOCKED_BYTE, 1)) throw refusal(await holderPid(file));
    ftruncateSync(fd, 0);
    writeSync(fd, `${process.pid}\n`);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  let held = true;
  return {
    release: () => {
      if (held) closeSync(fd);
      held = false;
    },
  };
};
