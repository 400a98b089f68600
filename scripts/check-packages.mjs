#!/usr/bin/env node
// Checks the packages as users get them. Packs every publishable package and lists each tarball, refusing
// build info, a source map whose sources are not shipped, or a missing LICENSE/README; runs publint --strict
// and arethetypeswrong on each tarball; installs the tarballs with npm into fresh CommonJS (node10
// resolution) and ESM (nodenext) TypeScript projects, typechecks them with skipLibCheck off, runs a sandbox
// round trip in each (scripts/package-check/main.ts), and starts the installed invoicekit-sandbox bin.
// Prints one line per check and "N passed, N failed"; writes the same to .package-checks.json for
// scripts/test.mjs. `--keep` keeps the temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath, URL } from 'node:url';
import { gunzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULT_FILE = join(ROOT, '.package-checks.json');
const PROJECT_FILES = join(ROOT, 'scripts', 'package-check');
const keep = process.argv.includes('--keep');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const rootManifest = readJson(join(ROOT, 'package.json'));
const packages = readdirSync(join(ROOT, 'packages'))
  .map((dir) => ({
    dir: join(ROOT, 'packages', dir),
    manifest: readJson(join(ROOT, 'packages', dir, 'package.json')),
  }))
  .filter(({ manifest }) => manifest.private !== true);

const checks = [];
const record = (name, problems, detail = '') => {
  checks.push({ name, ok: problems.length === 0, problems });
  console.log(`${problems.length === 0 ? '✓' : '✗'} ${name}${detail === '' ? '' : `  ${detail}`}`);
  for (const problem of problems) console.log(`    ${problem}`);
};

const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
};
const tail = (text, lines = 40) => text.split('\n').slice(-lines);

/** The regular files of a gzipped tarball: path (without npm's `package/` prefix), size and bytes. */
const readTarball = (file) => {
  const tar = gunzipSync(readFileSync(file));
  const entries = [];
  let longName = null;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (from, to) => header.toString('utf8', from, to).replace(/\0.*$/s, '');
    const size = parseInt(text(124, 136).trim() || '0', 8);
    const type = text(156, 157) || '0';
    const body = tar.subarray(at + 512, at + 512 + size);
    const prefix = text(345, 500);
    const name = longName ?? (prefix === '' ? text(0, 100) : `${prefix}/${text(0, 100)}`);
    longName = null;
    if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1] ?? null;
    else if (type === '0') entries.push({ path: name.replace(/^package\//, ''), size, body });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
};

const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

/** The tarball grouped by top-level entry: `dist/ 120 files 270.0 kB (.js 40, .d.ts 40, …)`. */
const listing = (entries) => {
  const groups = new Map();
  for (const entry of entries) {
    const top = entry.path.includes('/') ? `${entry.path.split('/')[0]}/` : entry.path;
    groups.set(top, [...(groups.get(top) ?? []), entry]);
  }
  return [...groups].map(([top, files]) => {
    const kinds = new Map();
    for (const { path } of files) {
      const kind = /(\.d\.ts\.map|\.js\.map|\.d\.ts|\.[a-z]+)$/.exec(path)?.[1] ?? '(other)';
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const size = kB(files.reduce((sum, { size: s }) => sum + s, 0));
    return top.endsWith('/')
      ? `${top.padEnd(12)} ${String(files.length).padStart(4)} files ${size.padStart(9)}  (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`
      : `${top.padEnd(12)} ${' '.repeat(10)} ${size.padStart(9)}`;
  });
};

/** What a user must not get: build info, a map whose sources are missing, a reference to a missing map, no LICENSE. */
const contentProblems = (manifest, entries) => {
  const paths = new Set(entries.map(({ path }) => path));
  const problems = [];
  for (const required of ['package.json', 'LICENSE', 'README.md'])
    if (!paths.has(required)) problems.push(`${required} is not in the tarball`);
  for (const { path, body } of entries) {
    if (path.endsWith('.tsbuildinfo')) problems.push(`${path}: build info is shipped`);
    if (path.endsWith('.map')) {
      const map = JSON.parse(body.toString('utf8'));
      const inline =
        Array.isArray(map.sourcesContent) && map.sourcesContent.every((s) => typeof s === 'string');
      for (const source of inline ? [] : map.sources) {
        const shipped = posix.normalize(posix.join(posix.dirname(path), map.sourceRoot ?? '', source));
        if (!paths.has(shipped))
          problems.push(
            `${path}: its source ${shipped} is not shipped (a stale build? run \`pnpm clean && pnpm build\`)`,
          );
      }
    }
    if (/\.(c|m)?js$|\.d\.ts$/.test(path)) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(body.toString('utf8'))?.[1];
      if (url !== undefined && !url.startsWith('data:') && !paths.has(posix.join(posix.dirname(path), url)))
        problems.push(`${path}: points at ${url}, which is not shipped`);
    }
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'])
    for (const [name, spec] of Object.entries(manifest[field] ?? {}))
      if (/^(workspace|catalog):/.test(spec)) problems.push(`${field}.${name} is still "${spec}"`);
  for (const [name, target] of Object.entries(manifest.bin ?? {})) {
    const file = entries.find(({ path }) => path === posix.normalize(target));
    if (file === undefined) problems.push(`bin ${name}: ${target} is not in the tarball`);
    else if (!file.body.toString('utf8').startsWith('#!'))
      problems.push(`bin ${name}: ${target} has no #! line`);
  }
  return problems;
};

/**
 * arethetypeswrong's problems, one line each. Its strict profile must find none: every entry point resolves
 * to CommonJS types under node10 (through typesVersions), node16 from CJS and from ESM, and bundler, and
 * nothing needs to be accepted for a CJS package whose subpaths are listed in `exports`.
 */
const attwProblems = (file) => {
  const attw = run('pnpm', ['exec', 'attw', file, '--format', 'json'], { cwd: ROOT });
  try {
    const { analysis } = JSON.parse(attw.output.slice(attw.output.indexOf('{')));
    const problems = analysis.problems.map(
      ({ kind, entrypoint, resolutionKind }) =>
        `${kind}${entrypoint === undefined ? '' : ` at ${entrypoint}`}${resolutionKind === undefined ? '' : ` (${resolutionKind})`}`,
    );
    if (analysis.types === false) problems.push('no types found');
    return problems.length === 0 && attw.status !== 0 ? tail(attw.output) : problems;
  } catch {
    return tail(attw.output);
  }
};

/**
 * Third-party declarations that do not typecheck with skipLibCheck off in a plain Node project, and why
 * we accept them: the errors are theirs, not ours, and a user meets them only by importing that package.
 */
const ACCEPTED_TYPE_ERRORS = {
  '@electric-sql/pglite':
    'its declarations use lib "dom" (WebAssembly, IDBDatabase) and @types/emscripten without declaring them; ' +
    "reached through @invoicekit/ledger's `pglite(source?: string | PGlite)`",
};

/** tsc's diagnostics, less those inside an accepted third-party package's declarations (counted by package). */
const typeErrors = (tsc) => {
  const problems = [];
  const accepted = new Map();
  for (const line of tsc.output.split('\n').filter((l) => /error TS\d+/.test(l))) {
    const owner = Object.keys(ACCEPTED_TYPE_ERRORS).find((pkg) => line.startsWith(`node_modules/${pkg}/`));
    if (owner === undefined) problems.push(line);
    else accepted.set(owner, (accepted.get(owner) ?? 0) + 1);
  }
  return {
    problems: tsc.status !== 0 && problems.length === 0 && accepted.size === 0 ? tail(tsc.output) : problems,
    accepted,
  };
};

const work = mkdtempSync(join(tmpdir(), 'invoicekit-packages-'));
const tarballDir = join(work, 'tarballs');
mkdirSync(tarballDir);
const tarballs = [];

try {
  console.log(`Packing ${packages.length} packages into ${tarballDir}`);
  for (const { dir, manifest } of packages) {
    const packed = run('pnpm', ['pack', '--json', '--pack-destination', tarballDir], { cwd: dir });
    if (packed.status !== 0) {
      record(`pack ${manifest.name}`, tail(packed.output));
      continue;
    }
    const file = JSON.parse(packed.output.slice(packed.output.indexOf('{'))).filename;
    const entries = readTarball(file);
    const packedManifest = JSON.parse(
      entries.find(({ path }) => path === 'package.json').body.toString('utf8'),
    );
    const unpacked = entries.reduce((sum, { size }) => sum + size, 0);
    console.log(
      `\n${manifest.name}@${manifest.version}  ${kB(readFileSync(file).length)} packed, ${kB(unpacked)} unpacked, ${entries.length} files`,
    );
    for (const line of listing(entries)) console.log(`  ${line}`);
    record(`pack ${manifest.name}`, contentProblems(packedManifest, entries));
    tarballs.push({ name: manifest.name, file, manifest: packedManifest });
    const publint = run('pnpm', ['exec', 'publint', 'run', file, '--strict'], { cwd: ROOT });
    record(`publint --strict ${manifest.name}`, publint.status === 0 ? [] : tail(publint.output));
    record(`attw ${manifest.name}`, attwProblems(file));
  }

  // Third-party ranges as a user would write them: our peers, the root's TypeScript and the Node 20 types.
  const peers = Object.assign({}, ...tarballs.map(({ manifest }) => manifest.peerDependencies ?? {}));
  const projects = [
    {
      kind: 'cjs',
      type: 'commonjs',
      compilerOptions: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
    },
    {
      kind: 'esm',
      type: 'module',
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
    },
  ];
  for (const project of projects) {
    const dir = join(work, project.kind);
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name: `invoicekit-${project.kind}-user`,
          private: true,
          type: project.type,
          dependencies: {
            ...Object.fromEntries(tarballs.map(({ name, file }) => [name, `file:${file}`])),
            ...peers,
          },
          devDependencies: {
            typescript: rootManifest.devDependencies.typescript,
            '@types/node': rootManifest.devDependencies['@types/node'],
          },
        },
        null,
        2,
      )}\n`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            lib: ['ES2022'],
            types: ['node'],
            strict: true,
            skipLibCheck: false,
            outDir: 'out',
            ...project.compilerOptions,
          },
          include: ['*.ts'],
        },
        null,
        2,
      )}\n`,
    );
    for (const file of ['main.ts', 'entries.ts']) copyFileSync(join(PROJECT_FILES, file), join(dir, file));

    const started = Date.now();
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--no-update-notifier'], { cwd: dir });
    // A dependency that declares it needs a newer Node.js than ours (e.g. cookie@2 through fastify's
    // light-my-request@6.8, which is why the sandbox pins light-my-request ~6.6.0).
    const badEngines = install.output.split('\n').filter((line) => /EBADENGINE/.test(line));
    record(
      `npm install (${project.kind})`,
      install.status !== 0 ? tail(install.output) : badEngines.length > 0 ? tail(install.output, 12) : [],
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (install.status !== 0) continue;

    const tsc = run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: dir,
    });
    const { problems, accepted } = typeErrors(tsc);
    record(
      `tsc, skipLibCheck off (${project.kind})`,
      problems,
      accepted.size === 0 ? '' : `accepted: ${[...accepted].map(([pkg, n]) => `${n} in ${pkg}`).join(', ')}`,
    );
    const script = run(process.execPath, [join('out', 'main.js')], { cwd: dir, timeout: 60_000 });
    record(
      `sandbox invoice paid, webhook verified (${project.kind})`,
      script.status === 0 ? [] : tail(script.output),
      script.status === 0 ? script.output : '',
    );
  }

  const bin = join(work, 'cjs', 'node_modules', '.bin', 'invoicekit-sandbox');
  record(
    'invoicekit-sandbox bin (npm-installed)',
    existsSync(bin) ? await binProblems(bin) : [`${bin} is missing`],
  );
} finally {
  if (keep) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** Starts the installed bin on a free port; it must print its URL as JSON, and stop on SIGTERM. */
async function binProblems(bin) {
  const child = spawn(bin, ['--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const listening = new Promise((resolve) => {
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      try {
        resolve(typeof JSON.parse(output).url === 'string');
      } catch {
        // more of the JSON to come
      }
    });
  });
  const started = await Promise.race([listening, exited.then(() => false), delay(15_000, false)]);
  child.kill('SIGTERM');
  const { code, signal } = await exited;
  if (!started) return [`did not print {"url", …}: ${tail(output, 10).join('\n    ')}`];
  // A SIGTERM that lands before the CLI installed its handler ends it the default way, which is fine too.
  return code === 0 || signal === 'SIGTERM' ? [] : [`exited with ${code ?? signal} on SIGTERM`];
}

const passed = checks.filter(({ ok }) => ok).length;
const failed = checks.length - passed;
writeFileSync(RESULT_FILE, `${JSON.stringify({ passed, failed, checks }, null, 2)}\n`);
console.log(`\npackage checks: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
