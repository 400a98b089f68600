#!/usr/bin/env node
// A package's prepack/postpack step, run in the package's directory: makes every link of the README it
// publishes work for someone who has only the tarball. The pages under docs/ that the README reaches
// (directly or through one another) are copied into the package's docs/, and links leaving the package
// are rewritten: to those copies, to another package's npm page, or to the file on GitHub. The
// repository keeps its own links; `--restore` (postpack) puts the README back and removes the copies.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { rewriteLinks, splitTarget } from './lib/markdown.mjs';
import { npmPage, repositoryPage, ROOT } from './lib/workspace.mjs';

const DOCS = join(ROOT, 'docs');
const PACKAGES = join(ROOT, 'packages');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const inside = (dir, file) => file === dir || file.startsWith(`${dir}${sep}`);
const toPosix = (path) => path.split(sep).join('/');

/** The manifest of the workspace package whose README `file` is, if it is one. */
const packageOfReadme = (file) => {
  if (dirname(dirname(file)) !== PACKAGES || !/^readme\.md$/i.test(file.slice(dirname(file).length + 1)))
    return undefined;
  const manifest = join(dirname(file), 'package.json');
  return existsSync(manifest) ? readJson(manifest) : undefined;
};

/**
 * The files a package publishes for its README: `README.md` rewritten and each docs page it reaches, as
 * `{ path, text }` with `path` inside the package.
 */
export const publishedPages = (packageDir) => {
  const manifest = readJson(join(packageDir, 'package.json'));
  const shipped = new Map([[join(packageDir, 'README.md'), 'README.md']]);
  const queue = [join(packageDir, 'README.md')];
  const pages = [];
  while (queue.length > 0) {
    const source = queue.shift();
    const path = shipped.get(source);
    const text = rewriteLinks(readFileSync(source, 'utf8'), (target) => {
      const { url, path: linked, anchor } = splitTarget(target);
      if (url !== undefined || linked === '') return target;
      const file = resolve(dirname(source), linked);
      const suffix = anchor === '' ? '' : `#${anchor}`;
      let destination;
      if (inside(packageDir, file)) destination = toPosix(relative(packageDir, file));
      else if (inside(DOCS, file) && file.endsWith('.md') && existsSync(file)) {
        if (!shipped.has(file)) {
          shipped.set(file, toPosix(join('docs', relative(DOCS, file))));
          queue.push(file);
        }
        destination = shipped.get(file);
      } else {
        const other = packageOfReadme(file);
        if (other !== undefined && other.private !== true) return `${npmPage(other.name)}${suffix}`;
        if (!inside(ROOT, file) || !existsSync(file)) return target;
        return `${repositoryPage(manifest, toPosix(relative(ROOT, file)), statSync(file).isDirectory())}${suffix}`;
      }
      const from = posix.dirname(path);
      const relativeTarget = posix.relative(from, destination) || posix.basename(destination);
      return `${encodeURI(relativeTarget)}${suffix}`;
    });
    pages.push({ path, text });
  }
  return pages;
};

const stateDir = (packageDir) => join(packageDir, 'node_modules', '.pack-docs');

/** Puts back what `prepare` changed: the README (unless edited since) and the copied pages. */
export const restore = (packageDir) => {
  const dir = stateDir(packageDir);
  const stateFile = join(dir, 'state.json');
  if (!existsSync(stateFile)) return;
  const { readme, written } = readJson(stateFile);
  const readmeFile = join(packageDir, 'README.md');
  if (existsSync(readmeFile) && readFileSync(readmeFile, 'utf8') === readme)
    writeFileSync(readmeFile, readFileSync(join(dir, 'README.md')));
  else console.warn(`${readmeFile} changed while it was packed; kept as it is now`);
  for (const path of written) {
    rmSync(join(packageDir, path), { force: true });
    for (let parent = dirname(join(packageDir, path)); parent !== packageDir; parent = dirname(parent))
      if (existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
  }
  rmSync(dir, { recursive: true, force: true });
};

/** Writes the README as published and the docs pages it links to; keeps the original for `restore`. */
export const prepare = (packageDir) => {
  restore(packageDir);
  if (!existsSync(join(packageDir, 'README.md'))) return;
  const pages = publishedPages(packageDir);
  const copies = pages.filter(({ path }) => path !== 'README.md');
  const { files } = readJson(join(packageDir, 'package.json'));
  if (copies.length > 0 && Array.isArray(files) && !files.includes('docs'))
    throw new Error(`${packageDir}: its README links to docs pages; add "docs" to "files" to publish them`);
  const taken = copies.filter(({ path }) => existsSync(join(packageDir, path)));
  if (taken.length > 0)
    throw new Error(
      `${packageDir}: ${taken.map(({ path }) => path).join(', ')} already exist; not overwritten`,
    );
  const readme = pages.find(({ path }) => path === 'README.md').text;
  const dir = stateDir(packageDir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'README.md'), readFileSync(join(packageDir, 'README.md')));
  writeFileSync(join(dir, 'state.json'), JSON.stringify({ readme, written: copies.map(({ path }) => path) }));
  for (const { path, text } of copies) {
    mkdirSync(dirname(join(packageDir, path)), { recursive: true });
    writeFileSync(join(packageDir, path), text);
  }
  writeFileSync(join(packageDir, 'README.md'), readme);
};

if (resolve(process.argv[1] ?? '') === import.meta.filename) {
  const packageDir = process.cwd();
  if (dirname(packageDir) !== PACKAGES) {
    console.error(`pack-docs runs in a package directory under ${PACKAGES}, not ${packageDir}`);
    process.exit(1);
  }
  if (process.argv.includes('--restore')) restore(packageDir);
  else prepare(packageDir);
}
