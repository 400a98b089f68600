#!/usr/bin/env node
// Proves that what a Worker or a browser reaches imports no Node built-in: bundles the built entry points
// of @invoicekit/gateway and @invoicekit/webhooks (run `pnpm build` first) with esbuild as a Worker
// bundler would (platform neutral, conditions workerd/worker/browser), marks every `node:` specifier and
// bare built-in (`crypto`, `util`, `http`, …) external, and fails listing each one with the module that
// imports it, and each use of Node's global `Buffer` with the module that holds it. Packages are resolved by name through a scratch node_modules, so their `exports`/`imports`
// conditions apply as they do for users, and workspace tsconfig files are ignored.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const ENTRIES = ['gateway', 'webhooks'];
const BUILTINS = new Set(builtinModules);

const isBuiltin = (specifier) => specifier.startsWith('node:') || BUILTINS.has(specifier);

// Code that calls or constructs Buffer (`Buffer.from(`, `Buffer(`, `new Buffer`), not the word in a text.
const GLOBAL_BUFFER = /(?<![\w$.'"`])Buffer\s*[.(]|\bnew\s+Buffer\b/;
const MODULE_COMMENT = /^\/\/ (\S+\.[cm]?js)$/;

/** Each line of the bundle that uses the global Buffer, under the module esbuild's `// path` comment names. */
const globalBufferUses = (bundled) => {
  const uses = [];
  let module = '(bundle)';
  for (const line of bundled.split('\n')) {
    const named = MODULE_COMMENT.exec(line);
    if (named !== null) module = named[1];
    else if (GLOBAL_BUFFER.test(line)) uses.push({ specifier: 'global Buffer', importer: module });
  }
  return uses;
};

/** Records each built-in import with its importer, and keeps it out of the bundle. */
const builtinsFound = (found) => ({
  name: 'node-builtins',
  setup(bundle) {
    bundle.onResolve({ filter: /.*/ }, ({ path, importer }) => {
      if (!isBuiltin(path)) return undefined;
      found.push({ specifier: path, importer: relative(ROOT, importer) });
      return { path, external: true };
    });
  },
});

/** A directory whose node_modules links each checked package by its name. */
const scratchProject = () => {
  const dir = mkdtempSync(join(tmpdir(), 'invoicekit-builtins-'));
  mkdirSync(join(dir, 'node_modules', '@invoicekit'), { recursive: true });
  for (const name of ENTRIES) {
    symlinkSync(join(ROOT, 'packages', name), join(dir, 'node_modules', '@invoicekit', name), 'dir');
  }
  return dir;
};

const bundleFindings = async (dir, name) => {
  const found = [];
  const result = await build({
    stdin: { contents: `export * from '@invoicekit/${name}';`, resolveDir: dir, loader: 'js' },
    bundle: true,
    write: false,
    logLevel: 'silent',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    // A workspace tsconfig's `paths` would redirect package-internal imports; published packages ship none.
    tsconfigRaw: {},
    plugins: [builtinsFound(found)],
  });
  return [...found, ...globalBufferUses(result.outputFiles[0].text)];
};

const missing = ENTRIES.filter((name) => !existsSync(join(ROOT, 'packages', name, 'dist', 'index.js')));
if (missing.length > 0) {
  console.error(`no build of ${missing.join(', ')}: run pnpm build first`);
  process.exit(1);
}

const dir = scratchProject();
let failed = 0;
try {
  for (const name of ENTRIES) {
    const found = await bundleFindings(dir, name);
    if (found.length === 0) {
      console.log(`ok   @invoicekit/${name}: no Node built-in reached (workerd, worker, browser)`);
      continue;
    }
    failed += 1;
    console.log(`FAIL @invoicekit/${name}: ${found.length} Node built-in use(s) reached`);
    for (const { specifier, importer } of found) console.log(`       ${specifier}  ← ${importer}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${ENTRIES.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
