#!/usr/bin/env node
// Checks the packages as users get them, installed the way the README says. Runs the README's install
// commands: `pnpm pack:all` in the checkout, then its `npm i` of every tarball in fresh CommonJS and ESM
// projects beside it. Lists each tarball, refusing build info, a source map whose sources are not shipped,
// a missing LICENSE/README or a `files` entry that matches nothing; resolves every link of every page it
// ships (README.md and the docs pages copied by scripts/pack-docs.mjs); runs publint --strict and
// arethetypeswrong on each. In the projects: typechecks every published entry point, the sandbox round trip
// (scripts/package-check/main.ts) and the README's first example with skipLibCheck off, runs the round trip
// and the example, and starts the installed invoicekit-sandbox bin. Prints one line per check and
// "N passed, N failed"; writes the same to .package-checks.json for scripts/test.mjs. `--keep` keeps the
// temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { linkReport } from './lib/links.mjs';
import { readTarball } from './lib/tarball.mjs';
import { codeBlocks } from './lib/markdown.mjs';
import { publishablePackages, repositoryWeb, ROOT, TARBALLS } from './lib/workspace.mjs';

const RESULT_FILE = join(ROOT, '.package-checks.json');
const PROJECT_FILES = join(ROOT, 'scripts', 'package-check');
const keep = process.argv.includes('--keep');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const rootManifest = readJson(join(ROOT, 'package.json'));
const packages = publishablePackages();

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

/**
 * What a user must not get: build info, a map whose sources are missing, a reference to a missing map, no
 * LICENSE; and what the manifest must not promise: a `files` entry that matches nothing, or a change log
 * the package has but does not ship.
 */
const contentProblems = (dir, manifest, entries) => {
  const paths = new Set(entries.map(({ path }) => path));
  const problems = [];
  for (const required of ['package.json', 'LICENSE', 'README.md'])
    if (!paths.has(required)) problems.push(`${required} is not in the tarball`);
  for (const entry of (manifest.files ?? []).filter((f) => !f.startsWith('!') && !/[*?{[]/.test(f))) {
    const listed = posix.normalize(entry).replace(/\/$/, '');
    if (![...paths].some((path) => path === listed || path.startsWith(`${listed}/`)))
      problems.push(`"files" lists ${entry}, which matches nothing in the tarball`);
  }
  if (existsSync(join(dir, 'CHANGELOG.md')) && !paths.has('CHANGELOG.md'))
    problems.push('CHANGELOG.md is not shipped: add it to "files"');
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
 * Third-party declarations that do not typecheck with skipLibCheck off in a project whose tsconfig sets
 * `lib` without "DOM" and a `types` list, and why we accept them there: the errors are theirs, not ours, a
 * user meets them only by importing that package, and the ledger's README says what to add. With
 * TypeScript's defaults (the CommonJS project) nothing is accepted.
 */
const ACCEPTED_TYPE_ERRORS = {
  '@electric-sql/pglite':
    'its declarations use lib "dom" (WebAssembly, IDBDatabase) and the global types of @types/emscripten ' +
    '(a dependency of @invoicekit/ledger, left out by a `types` list); reached through `pglite(source?: string | PGlite)`',
};

/** tsc's diagnostics, less those inside an accepted third-party package's declarations (counted by package). */
const typeErrors = (tsc, accepting) => {
  const problems = [];
  const accepted = new Map();
  for (const line of tsc.output.split('\n').filter((l) => /error TS\d+/.test(l))) {
    const owner = accepting
      ? Object.keys(ACCEPTED_TYPE_ERRORS).find((pkg) => line.startsWith(`node_modules/${pkg}/`))
      : undefined;
    if (owner === undefined) problems.push(line);
    else accepted.set(owner, (accepted.get(owner) ?? 0) + 1);
  }
  return {
    problems: tsc.status !== 0 && problems.length === 0 && accepted.size === 0 ? tail(tsc.output) : problems,
    accepted,
  };
};

const REPOSITORY = repositoryWeb(packages[0]?.manifest ?? rootManifest);
const published = new Set(packages.map(({ name }) => name));

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const installBlock = codeBlocks(readme, 'sh').find((block) => /\bpnpm pack:all\b/.test(block));
const firstExample = codeBlocks(readme, 'ts')[0];
const installLines = (installBlock ?? '').split('\n').filter((line) => line.trim() !== '');
const cdAt = installLines.findIndex((line) => /^cd\s/.test(line.trim()));
const checkoutLines = cdAt === -1 ? installLines : installLines.slice(0, cdAt);
const appLines = cdAt === -1 ? [] : installLines.slice(cdAt);
const appDir = cdAt === -1 ? '' : /^cd\s+(\S+)/.exec(installLines[cdAt].trim())[1];

record('README: install commands for a checkout (`pnpm pack:all`, then `cd` and one `npm i`)', [
  ...(installBlock === undefined ? ['README.md has no sh block running `pnpm pack:all`'] : []),
  ...(installBlock !== undefined && appLines.length === 0 ? ['the block has no `cd` into the project'] : []),
  ...(firstExample === undefined ? ['README.md has no ts block'] : []),
]);
const guide = readFileSync(join(ROOT, 'docs', 'getting-started.md'), 'utf8');
record(
  'docs/getting-started.md §1 gives the README install commands',
  installBlock === undefined || codeBlocks(guide, 'sh').includes(installBlock)
    ? []
    : ['its install block differs from the one in README.md'],
);

/** Runs README lines in bash from `dir`, a path through the checkout's symlink (kept as the logical cwd). */
const runLines = (lines, dir) =>
  run('bash', ['-euo', 'pipefail', '-c', lines.join('\n')], { cwd: dir, env: { ...process.env, PWD: dir } });

const work = mkdtempSync(join(tmpdir(), 'invoicekit-packages-'));
// The checkout as `git clone <repository>` names it, beside the user's project.
const checkoutName = basename(REPOSITORY);
const tarballs = [];

try {
  const checkout = join(work, checkoutName);
  symlinkSync(ROOT, checkout);
  let started = Date.now();
  const packed = installBlock === undefined ? { status: 1, output: '' } : runLines(checkoutLines, checkout);
  record(
    `README, in the checkout: ${checkoutLines.map((line) => line.replace(/\s+#.*$/, '').trim()).join('; ')}`,
    packed.status === 0 ? [] : tail(packed.output),
    `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  const files = existsSync(TARBALLS) ? readdirSync(TARBALLS).filter((file) => file.endsWith('.tgz')) : [];
  const byName = new Map(
    files.map((file) => {
      const entries = readTarball(join(TARBALLS, file));
      const manifest = JSON.parse(entries.find(({ path }) => path === 'package.json').body.toString('utf8'));
      return [manifest.name, { file: join(TARBALLS, file), entries, manifest }];
    }),
  );
  for (const { name, dir, manifest: source } of packages) {
    const tarball = byName.get(name);
    if (tarball === undefined) {
      const section = packed.output.split('\n✗ pack ').find((part) => part.startsWith(`${name}\n`));
      record(`pack ${name}`, [`not in ${TARBALLS}`, ...(section === undefined ? [] : tail(section, 12))]);
      continue;
    }
    const { file, entries, manifest } = tarball;
    const unpacked = entries.reduce((sum, { size }) => sum + size, 0);
    console.log(
      `\n${name}@${source.version}  ${kB(readFileSync(file).length)} packed, ${kB(unpacked)} unpacked, ${entries.length} files`,
    );
    for (const line of listing(entries)) console.log(`  ${line}`);
    record(`pack ${name}`, contentProblems(dir, manifest, entries));
    const links = linkReport(entries, REPOSITORY, published);
    record(`links in the packed README and docs ${name}`, links.problems, links.detail);
    tarballs.push({ name, file, manifest });
    const publint = run('pnpm', ['exec', 'publint', 'run', file, '--strict'], { cwd: ROOT });
    record(`publint --strict ${name}`, publint.status === 0 ? [] : tail(publint.output));
    record(`attw ${name}`, attwProblems(file));
  }

  // What a user's project brings itself: TypeScript, the Node 20 types, and the frameworks the webhook
  // endpoints are optional peers of. The packages and fp-ts/io-ts come from the README's `npm i`.
  const optionalPeers = Object.fromEntries(
    tarballs.flatMap(({ manifest }) =>
      Object.entries(manifest.peerDependencies ?? {}).filter(
        ([peer]) => manifest.peerDependenciesMeta?.[peer]?.optional === true,
      ),
    ),
  );
  const entryPoints = tarballs.flatMap(({ name, manifest }) =>
    Object.keys(manifest.exports ?? { '.': null })
      .filter((key) => !key.endsWith('package.json'))
      .map((key) => posix.join(name, key)),
  );
  const entriesModule =
    '// Generated by scripts/check-packages.mjs: every published entry point, typechecked with skipLibCheck off.\n' +
    entryPoints.map((entry, i) => `import * as entry${i} from '${entry}';\n`).join('') +
    `\nexport const entryPoints = { ${entryPoints.map((entry, i) => `'${entry}': entry${i}`).join(', ')} };\n`;
  const exampleEnv = Object.fromEntries(
    [...(firstExample ?? '').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map(([, name]) => [
      name,
      `readme-${name.toLowerCase()}`,
    ]),
  );

  const projects = [
    {
      kind: 'cjs',
      type: 'commonjs',
      tsconfig: 'TypeScript defaults for lib and types',
      compilerOptions: { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true },
    },
    {
      kind: 'esm',
      type: 'module',
      tsconfig: 'lib ES2022, types [node]',
      accepting: true,
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', lib: ['ES2022'], types: ['node'] },
    },
  ];
  for (const project of projects) {
    const base = join(work, project.kind);
    mkdirSync(base);
    symlinkSync(ROOT, join(base, checkoutName));
    const dir = posix.join(base, checkoutName, appDir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name: `invoicekit-${project.kind}-user`,
          private: true,
          type: project.type,
          dependencies: optionalPeers,
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
    for (const file of ['main.ts', 'readme-run.ts', 'offline.mjs', 'lazy-adapters.mjs'])
      copyFileSync(join(PROJECT_FILES, file), join(dir, file));
    writeFileSync(join(dir, 'entries.ts'), entriesModule);
    writeFileSync(join(dir, 'readme-example.ts'), firstExample ?? '');

    started = Date.now();
    const install = runLines(appLines, join(base, checkoutName));
    // A dependency that declares it needs a newer Node.js than ours (e.g. cookie@2 through fastify's
    // light-my-request@6.8, which is why the sandbox pins light-my-request ~6.6.0).
    const badEngines = install.output.split('\n').filter((line) => /EBADENGINE/.test(line));
    record(
      `README, in a fresh ${project.kind === 'cjs' ? 'CommonJS' : 'ESM'} project: ${appLines.map((line) => line.replace(/\s+#.*$/, '').trim()).join('; ')}`,
      install.status !== 0 ? tail(install.output) : badEngines.length > 0 ? tail(install.output, 12) : [],
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (install.status !== 0) continue;

    const tsc = run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: dir,
    });
    const { problems, accepted } = typeErrors(tsc, project.accepting === true);
    record(
      `tsc, skipLibCheck off, ${project.tsconfig} (${project.kind})`,
      problems,
      accepted.size === 0 ? '' : `accepted: ${[...accepted].map(([pkg, n]) => `${n} in ${pkg}`).join(', ')}`,
    );
    const script = run(process.execPath, [join('out', 'main.js')], { cwd: dir, timeout: 60_000 });
    record(
      `sandbox invoice paid, webhook verified (${project.kind})`,
      script.status === 0 ? [] : tail(script.output),
      script.status === 0 ? script.output : '',
    );
    // Its provider is a real one, so no host resolves (offline.mjs): the example must get as far as the
    // network, which a wrong import, configuration or request would not.
    const example = run(process.execPath, ['--import', './offline.mjs', join('out', 'readme-run.js')], {
      cwd: dir,
      timeout: 60_000,
      env: { ...process.env, ...exampleEnv },
    });
    record(
      `README's first example runs as printed (${project.kind})`,
      example.status !== 0 || example.output === ''
        ? [`exit ${example.status}`, ...tail(example.output)]
        : /InvalidConfig|InvalidRequest|Unsupported/.test(example.output)
          ? [`it did not reach the provider: ${example.output}`]
          : [],
      example.status === 0 ? example.output : '',
    );
    if (project.kind === 'cjs') {
      const lazy = run(process.execPath, ['lazy-adapters.mjs'], { cwd: dir, timeout: 60_000 });
      record(
        'adapters load on first use: the gateway import loads none, a provider its own, a create no axios',
        lazy.status === 0 ? [] : tail(lazy.output),
        lazy.status === 0 ? lazy.output : '',
      );
    }
  }

  const bin = join(work, 'cjs', checkoutName, appDir, 'node_modules', '.bin', 'invoicekit-sandbox');
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
