// The workspace as pnpm sees it: its packages, which of them are published, and where they live online.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where `pnpm pack:all` writes the tarballs. */
export const TARBALLS = join(ROOT, 'tarballs');

/** The branch the repository links of packed pages point at (`baseBranch` in .changeset/config.json). */
export const BRANCH = 'main';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Every package of the workspace (not the root), as `pnpm ls -r` lists it: `{ name, dir, manifest }`. */
export const workspacePackages = () => {
  const listed = spawnSync('pnpm', ['ls', '--recursive', '--depth', '-1', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) throw new Error(`pnpm ls failed:\n${listed.stdout}${listed.stderr}`);
  return JSON.parse(listed.stdout)
    .filter(({ path }) => resolve(path) !== ROOT)
    .map(({ name, path }) => ({ name, dir: path, manifest: readJson(join(path, 'package.json')) }))
    .sort((a, b) => a.name.localeCompare(b.name));
};

/** The packages that are published: every workspace package not marked private. */
export const publishablePackages = () =>
  workspacePackages().filter(({ manifest }) => manifest.private !== true);

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
export const repositoryWeb = (manifest) => {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  if (typeof url !== 'string') throw new Error(`${manifest.name} has no repository url`);
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
};

/** The page of a repository file or folder on the main branch. */
export const repositoryPage = (manifest, path, isDirectory) =>
  `${repositoryWeb(manifest)}/${isDirectory ? 'tree' : 'blob'}/${BRANCH}/${path.split('/').map(encodeURIComponent).join('/')}`;

/** A published package's page on the npm registry, where its README is shown. */
export const npmPage = (name) => `https://www.npmjs.com/package/${name}`;
