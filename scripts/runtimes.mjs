#!/usr/bin/env node
// The smoke suite on every runtime a shop's backend runs on: Node 20 (this process's), 22 and 24, Bun,
// Deno and workerd, installed from the npm registry by runtimes/install.mjs. It installs the packed
// tarballs (tarballs/, from `pnpm pack:all`, packed first only when missing or with --pack) with npm in a
// temporary project and serves runtimes/smoke/app.mjs on each runtime: with node:http, Bun.serve,
// Deno.serve, and on workerd as a Worker bundled by esbuild (platform neutral, conditions workerd, worker,
// browser: a Node built-in fails the bundle; no nodejs_compat flag: none could load either). For each, a
// sandbox on Node 20 on loopback takes every provider's invoice and delivers its signed webhooks to the app
// (runtimes/suite.mjs). The examples of docs/runtimes.md run too: the Next.js route handler on each Node,
// the Bun and Deno servers, the Worker on workerd. Node, Bun and Deno also run runtimes/smoke/ledger.mjs
// (the sandbox and an in-memory PGlite ledger in that runtime). Prints a matrix runtime × check and
// "N passed, N failed", writes both to .runtime-checks.json for scripts/test.mjs, and exits 1 on any
// failure. `--only bun,deno` runs some runtimes; `--keep` keeps the temporary project.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers';
import { build, transform } from 'esbuild';
import { runtimeBinaries, versionOf } from '../runtimes/install.mjs';
import { answers, freePort, startProcess } from '../runtimes/processes.mjs';
import { exampleCheck, smokeChecks } from '../runtimes/suite.mjs';
import { codeBlocks } from './lib/markdown.mjs';
import { publishablePackages, ROOT, TARBALLS } from './lib/workspace.mjs';

const RESULT_FILE = join(ROOT, '.runtime-checks.json');
const SMOKE = join(ROOT, 'runtimes', 'smoke');
const RUNTIMES = ['node20', 'node22', 'node24', 'bun', 'deno', 'workerd'];
/** The checks, each with the short name the matrix prints. */
const CHECKS = [
  ['serves', 'serves'],
  ['create, pay, get', 'create+get'],
  ['webhook verified', 'webhook'],
  ['forged → 400', 'forged'],
  ['wrong key → Unauthorized', 'wrong key'],
  ['no credential printed', 'no leak'],
  ['docs example', 'docs ex.'],
  ['ledger + sandbox', 'ledger'],
].map(([name, short]) => ({ name, short }));
/** The docs/runtimes.md example each runtime serves, by the file name on its block's first line. */
const EXAMPLES = { node: 'route.ts', bun: 'server.ts', deno: 'main.ts', workerd: 'worker.ts' };
const QUIET = { DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' };

const argument = (name) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const only = argument('--only')?.split(',') ?? RUNTIMES;
const keep = process.argv.includes('--keep');
const tail = (text, lines = 30) => text.trim().split('\n').slice(-lines);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** The tarballs of every published package, packing them first when one is missing or with --pack. */
const tarballs = () => {
  const names = publishablePackages().map(({ name }) => name.replace('@', '').replace('/', '-'));
  const present = () => (existsSync(TARBALLS) ? readdirSync(TARBALLS).filter((f) => f.endsWith('.tgz')) : []);
  if (
    process.argv.includes('--pack') ||
    names.some((name) => !present().some((f) => f.startsWith(`${name}-`)))
  ) {
    const packed = spawnSync(process.execPath, [join(ROOT, 'scripts', 'pack-all.mjs')], { stdio: 'inherit' });
    if (packed.status !== 0) throw new Error('pnpm pack:all failed');
  }
  return present().map((file) => join(TARBALLS, file));
};

/** The docs/runtimes.md blocks named in EXAMPLES, by file name. */
const docsExamples = () => {
  const blocks = codeBlocks(readFileSync(join(ROOT, 'docs', 'runtimes.md'), 'utf8'), 'ts');
  return Object.fromEntries(
    Object.values(EXAMPLES).map((file) => [
      file,
      blocks.find((block) => new RegExp(`^// (?:\\S+/)?${file.replace('.', '\\.')}\\b`).test(block)),
    ]),
  );
};

/** esbuild's Worker bundle of `entry` into `outfile`; the problems: build errors, axios or node:http inside. */
const workerBundle = async (dir, entry, outfile) => {
  try {
    const { metafile } = await build({
      entryPoints: [join(dir, entry)],
      outfile: join(dir, outfile),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['module', 'main'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(metafile.inputs);
    const bytes = metafile.outputs[Object.keys(metafile.outputs)[0]].bytes;
    return {
      problems:
        inputs.filter((input) => /node_modules\/axios\//.test(input)).length > 0
          ? ['axios is in the Worker bundle']
          : [],
      detail: `${entry}: ${inputs.length} modules, ${(bytes / 1024).toFixed(0)} kB`,
    };
  } catch (error) {
    return {
      problems: (error.errors ?? [{ text: error.message }]).map(
        (e) => `${e.text}${e.location ? ` (${e.location.file}:${e.location.line})` : ''}`,
      ),
      detail: '',
    };
  }
};

/** A temporary project with the tarballs installed by npm, the smoke files, the docs examples and the bundles. */
const prepareProject = async () => {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-runtimes-'));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'invoicekit-runtimes-smoke', private: true, type: 'module' }, null, 2)}\n`,
  );
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', ...tarballs(), 'fp-ts@^2.16.0', 'io-ts@^2.2.0'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  if (install.status !== 0)
    throw new Error(`npm install failed:\n${tail(`${install.stdout}${install.stderr}`).join('\n')}`);
  for (const file of readdirSync(SMOKE)) copyFileSync(join(SMOKE, file), join(dir, file));
  const examples = docsExamples();
  for (const [file, code] of Object.entries(examples))
    if (code !== undefined) writeFileSync(join(dir, file), code);
  const app = await workerBundle(dir, 'app.mjs', 'app.js');
  const example =
    examples[EXAMPLES.workerd] === undefined
      ? { problems: [`docs/runtimes.md has no block starting // ${EXAMPLES.workerd}`], detail: '' }
      : await workerBundle(dir, EXAMPLES.workerd, 'example.js');
  if (examples[EXAMPLES.node] !== undefined) {
    const { code } = await transform(examples[EXAMPLES.node], { loader: 'ts', format: 'esm' });
    writeFileSync(join(dir, 'route.mjs'), code);
  }
  console.log(
    `project ${dir}: tarballs installed, bundles built (${seconds(started)}); ${app.detail}; ${example.detail}`,
  );
  return { dir, examples, bundles: { app, example } };
};

const exampleEnv = (kit, sandbox) =>
  Object.fromEntries(
    kit.envLines('cryptoprocessing', sandbox.credentials).map((line) => line.split(/=(.*)/s, 2)),
  );

/** How each runtime serves the app and the docs example, and runs the ledger check. */
const launches = (runtime, binary, ports, env) => {
  const app = { PORT: String(ports.app) };
  const example = { PORT: String(ports.example), ...env };
  if (runtime === 'workerd')
    return {
      app: [
        binary,
        [
          'serve',
          'workerd.capnp',
          '--socket-addr',
          `smoke=127.0.0.1:${ports.app}`,
          '--socket-addr',
          `example=127.0.0.1:${ports.example}`,
        ],
        env,
      ],
    };
  if (runtime === 'bun')
    return {
      app: [binary, ['host.mjs'], app],
      example: [binary, [EXAMPLES.bun], example],
      ledger: [binary, ['ledger.mjs']],
    };
  if (runtime === 'deno')
    return {
      app: [
        binary,
        ['run', '--allow-net=127.0.0.1', '--allow-env=PORT,APP_MODULE', '--allow-read=.', 'host.mjs'],
        app,
      ],
      example: [
        binary,
        [
          'serve',
          '--host',
          '127.0.0.1',
          '--port',
          String(ports.example),
          '--allow-net=127.0.0.1',
          '--allow-env',
          EXAMPLES.deno,
        ],
        env,
      ],
      ledger: [binary, ['run', '--allow-all', 'ledger.mjs']],
    };
  return {
    app: [binary, ['host.mjs'], app],
    example: [binary, ['host.mjs'], { ...example, APP_MODULE: './route.mjs' }],
    ledger: [binary, ['ledger.mjs']],
  };
};

const notApplicable = { ok: null, detail: '–', problems: [] };
const failedCell = (problems, detail = '') => ({ ok: false, detail, problems });

/** The docs example on this runtime: served, paid through the sandbox, a forgery refused. */
const docsExampleCell = async ({ runtime, project, kit, exampleUrl, exampleSandbox, running, output }) => {
  const file = EXAMPLES[runtime.replace(/\d+$/, '')];
  const bundle = runtime === 'workerd' ? project.bundles.example : { problems: [] };
  if (project.examples[file] === undefined)
    return failedCell([`docs/runtimes.md has no block starting // ${file}`]);
  if (bundle.problems.length > 0 || !(await answers(exampleUrl, running)))
    return failedCell([...bundle.problems, ...tail(output(), 15)], file);
  const check = await exampleCheck({
    exampleUrl,
    sandbox: exampleSandbox,
    createProvider: kit.createProvider,
    output,
  });
  return { ...check, detail: `${file}, ${check.detail}` };
};

/** runtimes/smoke/ledger.mjs on this runtime, where the ledger runs. */
const ledgerCell = (launch, project) => {
  if (launch === undefined) return notApplicable;
  const [command, args] = launch;
  const ledger = spawnSync(command, args, {
    cwd: project.dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...QUIET },
  });
  const printed = `${ledger.stdout ?? ''}${ledger.stderr ?? ''}`.trim();
  return ledger.status === 0
    ? { ok: true, detail: 'PGlite in memory', problems: [] }
    : failedCell(tail(printed || `exit ${ledger.status ?? ledger.signal}`, 12));
};

/** Every check on one runtime, each a cell; its app and docs example are served beside two sandboxes. */
const runRuntime = async (runtime, binary, project, kit) => {
  const started = Date.now();
  const ports = { app: await freePort(), example: await freePort() };
  const appUrl = `http://127.0.0.1:${ports.app}`;
  const exampleUrl = `http://127.0.0.1:${ports.example}/webhooks`;
  const ids = kit.PROVIDER_IDS;
  const sandbox = await kit.startSandbox({
    webhookUrls: Object.fromEntries(ids.map((id) => [id, `${appUrl}/webhooks/${id}`])),
    retryDelaysMs: [],
  });
  const exampleSandbox = await kit.startSandbox({ webhookUrl: exampleUrl, retryDelaysMs: [] });
  const launch = launches(runtime, binary, ports, exampleEnv(kit, exampleSandbox));
  const servers = Object.fromEntries(
    ['app', 'example']
      .filter((name) => launch[name] !== undefined)
      .map((name) => {
        const [command, args, env] = launch[name];
        return [name, startProcess(command, args, { cwd: project.dir, env: { ...QUIET, ...env } })];
      }),
  );
  const output = () =>
    Object.values(servers)
      .map((server) => server.output())
      .join('\n');
  // workerd serves the app and the example from one process.
  const example = servers.example ?? servers.app;
  const cells = {};
  try {
    const bundle = runtime === 'workerd' ? project.bundles.app : { problems: [] };
    if (bundle.problems.length === 0 && (await answers(`${appUrl}/events`, servers.app.running)))
      Object.assign(cells, await smokeChecks({ appUrl, sandbox, ids, output }));
    else cells.serves = failedCell([...bundle.problems, ...tail(output(), 15)]);
    cells['docs example'] = await docsExampleCell({
      runtime,
      project,
      kit,
      exampleUrl,
      exampleSandbox,
      running: example.running,
      output,
    });
    cells['ledger + sandbox'] = ledgerCell(launch.ledger, project);
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    await Promise.all([sandbox.close(), exampleSandbox.close()]);
  }
  return { cells, seconds: seconds(started) };
};

const symbol = (c) => (c === undefined ? '?' : c.ok === null ? '–' : c.ok ? '✓' : '✗');
const column = (text, width) => text.padEnd(width);

const printMatrix = (rows) => {
  const width = 12;
  const shortVersion = (version) => /\d+\.\d+\.\d+|\d{4}-\d\d-\d\d/.exec(version)?.[0] ?? version;
  console.log(
    `\n${column('runtime', 9)}${column('version', 12)}${CHECKS.map((c) => column(c.short, width)).join('')}time`,
  );
  for (const { runtime, version, cells, seconds: took } of rows)
    console.log(
      `${column(runtime, 9)}${column(shortVersion(version), 12)}${CHECKS.map(({ name }) => {
        const c = cells[name];
        const count = c?.detail && /^\d+\/\d+$/.test(c.detail) ? ` ${c.detail}` : '';
        return column(`${symbol(c)}${count}`, width);
      }).join('')}${took}`,
    );
  console.log(CHECKS.map(({ name, short }) => `${short}: ${name}`).join('; '));
  for (const { runtime, cells } of rows)
    for (const { name } of CHECKS)
      if (cells[name]?.ok === false) {
        console.log(`\n✗ ${runtime} — ${name}${cells[name].detail ? ` (${cells[name].detail})` : ''}`);
        for (const problem of cells[name].problems) console.log(`    ${problem}`);
      }
};

/** The longest the suite may take; past it, it fails with what it has, so CI never waits on a stuck runtime. */
const DEADLINE_MS = 10 * 60 * 1000;

const main = async () => {
  const started = Date.now();
  setTimeout(() => {
    writeFileSync(RESULT_FILE, `${JSON.stringify({ passed: 0, failed: 1, checks: [] }, null, 2)}\n`);
    console.log(`\nruntime checks: stopped after ${DEADLINE_MS / 60_000} minutes`);
    process.exit(1);
  }, DEADLINE_MS).unref();
  const rows = [];
  let project;
  try {
    const binaries = runtimeBinaries();
    project = await prepareProject();
    const kit = {
      ...createRequire(join(project.dir, 'package.json'))('@invoicekit/sandbox'),
      createProvider: createRequire(join(project.dir, 'package.json'))('@invoicekit/gateway').createProvider,
    };
    for (const runtime of RUNTIMES.filter((r) => only.includes(r))) {
      const version = versionOf(binaries[runtime]);
      const { cells, seconds: took } = await runRuntime(runtime, binaries[runtime], project, kit);
      rows.push({ runtime, version, cells, seconds: took });
      const failed = CHECKS.filter(({ name }) => cells[name]?.ok === false).map(({ name }) => name);
      console.log(
        `${failed.length === 0 ? '✓' : '✗'} ${runtime} (${version}) ${took}${failed.length === 0 ? '' : `: ${failed.join(', ')}`}`,
      );
    }
  } catch (error) {
    rows.push({
      runtime: 'setup',
      version: '',
      seconds: seconds(started),
      cells: { serves: { ok: false, detail: '', problems: tail(String(error.stack ?? error)) } },
    });
  } finally {
    if (project !== undefined && !keep) rmSync(project.dir, { recursive: true, force: true });
    if (project !== undefined && keep) console.log(`kept ${project.dir}`);
  }
  printMatrix(rows);
  const checks = rows.flatMap(({ runtime, cells }) =>
    CHECKS.filter(({ name }) => cells[name]?.ok !== null && (runtime !== 'setup' || name in cells)).map(
      ({ name }) => ({
        name: `${runtime}: ${name}`,
        ok: cells[name]?.ok === true,
        problems: cells[name]?.problems ?? ['not run: the app did not start'],
      }),
    ),
  );
  const passed = checks.filter(({ ok }) => ok).length;
  const failed = checks.length - passed;
  writeFileSync(RESULT_FILE, `${JSON.stringify({ passed, failed, checks }, null, 2)}\n`);
  console.log(`\nruntime checks: ${passed} passed, ${failed} failed (${seconds(started)})`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
};

await main();
