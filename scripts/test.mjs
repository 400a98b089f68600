#!/usr/bin/env node
// Runs typecheck, a clean build, lint, the API reference, jest, the packed-package checks and the runtime
// smoke suite, then prints the plain "N passed, N failed" line: jest's tests plus the package checks
// (scripts/check-packages.mjs) plus the runtime checks (scripts/runtimes.mjs, on the tarballs just packed).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const RESULT_FILE = '.jest-results.json';
const PACKAGE_RESULT_FILE = '.package-checks.json';
const RUNTIME_RESULT_FILE = '.runtime-checks.json';
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
const readResult = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const steps = [
  ['typecheck', 'pnpm', ['run', '--silent', 'typecheck']],
  ['clean', 'pnpm', ['run', '--silent', 'clean']],
  ['build', 'pnpm', ['run', '--silent', 'build']],
  ['lint', 'pnpm', ['run', '--silent', 'lint']],
  ['docs', 'pnpm', ['run', '--silent', 'docs']],
  ['no Node built-ins in the Worker bundles', 'pnpm', ['run', '--silent', 'check:builtins']],
];
const failedSteps = steps.filter(([name, command, args]) => {
  console.log(`\n▶ ${name}`);
  return run(command, args) !== 0;
});

console.log('\n▶ jest');
rmSync(RESULT_FILE, { force: true });
const jestStatus = run('pnpm', [
  'exec',
  'jest',
  '--ci',
  '--json',
  `--outputFile=${RESULT_FILE}`,
  ...process.argv.slice(2),
]);
const result = readResult(RESULT_FILE);

console.log('\n▶ packages (packed, installed with npm, typechecked and run)');
rmSync(PACKAGE_RESULT_FILE, { force: true });
const built = !failedSteps.some(([name]) => name === 'clean' || name === 'build');
const packageStatus = built ? run('node', ['scripts/check-packages.mjs']) : 1;
const packages = readResult(PACKAGE_RESULT_FILE);

console.log(
  '\n▶ runtimes (the smoke suite on Node 20, 22 and 24, Bun, Deno and workerd, on the packed packages)',
);
rmSync(RUNTIME_RESULT_FILE, { force: true });
const runtimeStatus = built ? run('node', ['scripts/runtimes.mjs']) : 1;
const runtimes = readResult(RUNTIME_RESULT_FILE);

const passed = (result?.numPassedTests ?? 0) + (packages?.passed ?? 0) + (runtimes?.passed ?? 0);
const failed =
  (result ? result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0) : 1) +
  (packages?.failed ?? 1) +
  (runtimes?.failed ?? 1);

for (const [name] of failedSteps) console.log(`✗ ${name} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(
  failedSteps.length > 0 ||
    jestStatus !== 0 ||
    packageStatus !== 0 ||
    runtimeStatus !== 0 ||
    failed > 0 ||
    passed === 0
    ? 1
    : 0,
);
