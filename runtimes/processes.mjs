// Child processes and ports for scripts/runtimes.mjs: free loopback ports, a started process whose output
// is kept, waiting for a server to answer, and stopping each process it started by its own pid.
/* global fetch, AbortSignal */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';

/** A loopback port nothing listens on now. */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/**
 * Starts `command args` with `env` added to this process's environment; its stdout and stderr are kept in
 * `output()`. `stop()` ends it (SIGTERM, then SIGKILL after 2 s) and resolves once it exited.
 */
export const startProcess = (command, args, { cwd, env = {} }) => {
  let output = '';
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  let failedToStart = null;
  child.once('error', (error) => (failedToStart = error.message));
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return {
    output: () => (failedToStart === null ? output : `${output}\ncould not start: ${failedToStart}`),
    running: () => child.exitCode === null && child.signalCode === null && failedToStart === null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(killer);
      }
      return exited;
    },
  };
};

/** Resolves true once `url` answers any HTTP status, false after `timeoutMs` or when `alive()` turns false. */
export const answers = async (url, alive, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && alive()) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await delay(50);
    }
  }
  return false;
};
