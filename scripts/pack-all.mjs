#!/usr/bin/env node
// `pnpm pack:all`: builds the workspace, then packs every published package (found with `pnpm ls -r`, so a
// new package is included without a change here) into tarballs/, replacing the tarballs of an earlier run.
// Prints the one `npm i` that installs them all into a project. Exits 1 if the build or any pack failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { restore } from './pack-docs.mjs';
import { publishablePackages, ROOT, TARBALLS } from './lib/workspace.mjs';

const tail = (text, lines = 30) => text.trim().split('\n').slice(-lines).join('\n');

mkdirSync(TARBALLS, { recursive: true });
for (const name of readdirSync(TARBALLS).filter((file) => file.endsWith('.tgz')))
  rmSync(join(TARBALLS, name));

const built = spawnSync('pnpm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('pack:all: the build failed; nothing was packed');
  process.exit(1);
}

const packages = publishablePackages();
const failed = [];
const peers = new Set();
for (const { name, dir, manifest } of packages) {
  const packed = spawnSync('pnpm', ['pack', '--pack-destination', TARBALLS], { cwd: dir, encoding: 'utf8' });
  restore(dir);
  if (packed.status === 0) {
    console.log(`packed ${name}@${manifest.version}`);
    for (const peer of Object.keys(manifest.peerDependencies ?? {}))
      if (manifest.peerDependenciesMeta?.[peer]?.optional !== true) peers.add(peer);
  } else {
    failed.push(name);
    console.error(`✗ pack ${name}\n${tail(`${packed.stdout}${packed.stderr}`)}`);
  }
}

console.log(`\n${packages.length - failed.length} of ${packages.length} packages packed into ${TARBALLS}`);
console.log(
  `Install them all in your project:\n  npm i ${join(TARBALLS, '*.tgz')} ${[...peers].sort().join(' ')}`,
);
if (failed.length > 0) {
  console.error(`pack:all: ${failed.join(', ')} could not be packed`);
  process.exit(1);
}
