#!/usr/bin/env node
// Run after `changeset version`: copies @invoicekit/core's package version into the VERSION its user agent sends.
import { readFileSync, writeFileSync } from 'node:fs';

const FILE = 'packages/core/src/version.ts';
const { version } = JSON.parse(readFileSync('packages/core/package.json', 'utf8'));
const source = readFileSync(FILE, 'utf8');
const pattern = /export const VERSION = '[^']*';/;
if (!pattern.test(source)) {
  console.error(`${FILE} no longer declares export const VERSION = '…';`);
  process.exit(1);
}
writeFileSync(FILE, source.replace(pattern, `export const VERSION = '${version}';`));
console.log(`${FILE}: VERSION = '${version}'`);
