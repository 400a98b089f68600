#!/usr/bin/env node
// Runs typecheck, build, lint and jest, then prints the plain "N passed, N failed" line from jest's JSON result.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const RESULT_FILE = '.jest-results.json';
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;

const steps = [
  ['typecheck', 'pnpm', ['run', '--silent', 'typecheck']],
  ['build', 'pnpm', ['run', '--silent', 'build']],
  ['lint', 'pnpm', ['run', '--silent', 'lint']],
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
const result = existsSync(RESULT_FILE) ? JSON.parse(readFileSync(RESULT_FILE, 'utf8')) : null;
const passed = result?.numPassedTests ?? 0;
const failed = result ? result.numFailedTests + (result.numRuntimeErrorTestSuites ?? 0) : 1;

for (const [name] of failedSteps) console.log(`✗ ${name} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 || jestStatus !== 0 || failed > 0 || passed === 0 ? 1 : 0);
