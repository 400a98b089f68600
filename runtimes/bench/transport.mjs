#!/usr/bin/env node
// How the fetch transport was chosen (BENCHMARKS.md, "Runtimes"): core's hand-written fetch transport
// against axios's own fetch adapter, and both against core's axios transport on node:http, on the built
// packages (run `pnpm build` first). Measures (1) a Worker bundle of the gateway and the Request handler
// as shipped and with axios's fetch adapter added (esbuild, minified, conditions workerd/worker/browser,
// platform browser as wrangler bundles), (2) workerd's cold start with each bundle:
// spawn to the first answer, 11 rounds alternating, medians, and (3) requests per second on loopback
// against examples/bench-server.mjs on Node 20, Bun and Deno (runtimes/bench/loopback-client.mjs, 7
// interleaved rounds, medians). Prints markdown tables.
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { runtimeBinaries, versionOf } from '../install.mjs';
import { freePort } from '../processes.mjs';

/* global fetch */
const ROOT = join(import.meta.dirname, '..', '..');
const binaries = runtimeBinaries();
const work = mkdtempSync(join(tmpdir(), 'invoicekit-transport-bench-'));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/**
 * The Worker entries compared: the gateway and the Request handler as shipped (the fetch transport is the
 * default there), and the same with axios's fetch adapter set up as core's axios transport is, which is
 * what choosing it would add.
 */
const built = (name) => JSON.stringify(join(ROOT, 'packages', name, 'dist', 'index.js'));
const SHIPPED = `import { createProvider } from ${built('gateway')};
import { webhookHandler } from ${built('webhooks')};
const transport = [createProvider, webhookHandler];`;
const ENTRIES = {
  'gateway + webhookHandler, fetch transport (as shipped)': SHIPPED,
  "the same plus axios's fetch adapter": `${SHIPPED}
import axios from 'axios';
transport.push(axios.create({ adapter: 'fetch', transformRequest: [], transformResponse: [], responseType: 'text', maxRedirects: 0, maxContentLength: 1048576, validateStatus: () => true }));`,
};

const bundles = {};
for (const [name, code] of Object.entries(ENTRIES)) {
  const outfile = join(work, `${name.replace(/\W+/g, '-')}.js`);
  const result = await build({
    stdin: {
      contents: `${code}\nexport default { fetch: () => new Response(typeof transport) };`,
      resolveDir: ROOT,
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    outfile,
    write: false,
    logLevel: 'silent',
    // The workspace tsconfig's `paths` lead to sources; a user's bundler sees the published builds.
    tsconfigRaw: {},
  });
  const bytes = result.outputFiles[0].contents;
  writeFileSync(outfile, bytes);
  bundles[name] = { outfile, size: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const coldStart = async (outfile) => {
  const config = join(work, 'cold.capnp');
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (modules = [(name = "w", esModule = embed ${JSON.stringify(basename(outfile))})], compatibilityDate = "2026-01-01"))],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);`,
  );
  const port = await freePort();
  const start = performance.now();
  const child = spawn(binaries.workerd, ['serve', config, '--socket-addr', `http=127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  for (;;) {
    if (child.exitCode !== null || performance.now() - start > 10_000) throw new Error(`workerd: ${errors}`);
    try {
      await (await fetch(`http://127.0.0.1:${port}/`)).text();
      break;
    } catch {
      await delay(2);
    }
  }
  const ms = performance.now() - start;
  child.kill();
  await new Promise((resolve) => child.once('close', resolve));
  return ms;
};
const starts = Object.fromEntries(Object.keys(bundles).map((name) => [name, []]));
for (let round = 0; round < 11; round += 1)
  for (const [name, { outfile }] of Object.entries(bundles)) starts[name].push(await coldStart(outfile));

const server = fork(join(ROOT, 'examples', 'bench-server.mjs'), [], { stdio: 'inherit' });
const { port } = await new Promise((resolve) => server.once('message', resolve));
const client = join(import.meta.dirname, 'loopback-client.mjs');
const loopback = {};
for (const [runtime, command, args] of [
  [`Node ${versionOf(binaries.node20)}`, binaries.node20, [client]],
  [`Bun ${versionOf(binaries.bun)}`, binaries.bun, [client]],
  [`Deno ${versionOf(binaries.deno).split(' ')[1]}`, binaries.deno, ['run', '--allow-all', client]],
]) {
  const run = spawnSync(command, [...args, `http://127.0.0.1:${port}`, '7'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' },
  });
  loopback[runtime] = run.status === 0 ? JSON.parse(run.stdout) : { error: run.stderr.slice(-500) };
}
server.disconnect();
rmSync(work, { recursive: true, force: true });

console.log('| Worker bundle | minified | gzip -9 | workerd cold start (spawn → first answer) |');
console.log('| --- | --- | --- | --- |');
for (const [name, { size, gzip }] of Object.entries(bundles))
  console.log(`| ${name} | ${kB(size)} | ${kB(gzip)} | ${median(starts[name]).toFixed(1)} ms |`);
console.log('\n| loopback, requests /s | candidate | 64 in flight | one at a time |');
console.log('| --- | --- | --- | --- |');
for (const [runtime, rates] of Object.entries(loopback))
  for (const [name, rate] of Object.entries(rates))
    console.log(
      rate.concurrent === undefined
        ? `| ${runtime} | ${name} | failed | ${String(rate).slice(0, 200)} |`
        : `| ${runtime} | ${name} | ${Math.round(rate.concurrent).toLocaleString('en')} | ${Math.round(rate.sequential).toLocaleString('en')} |`,
    );
