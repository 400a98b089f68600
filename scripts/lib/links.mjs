// Resolves every link of the Markdown pages in a tarball as someone holding only that tarball would.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { headingAnchors, linkTargets, splitTarget } from './markdown.mjs';
import { ROOT } from './workspace.mjs';

const NPM_PAGE = /^https:\/\/www\.npmjs\.com\/package\/((?:@[^/#]+\/)?[^/#]+)(?:#.*)?$/;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every link of every Markdown page in the tarball (`entries`: `{ path, body }`, paths inside the package):
 * a relative link must reach a shipped file, and a heading of it when it names one, never leave the
 * package. Links to `repository` on GitHub are resolved in this checkout, npm pages of @invoicekit packages
 * against `published`; other sites are counted, not fetched (the check runs offline).
 */
export const linkReport = (entries, repository, published) => {
  const repositoryPage = new RegExp(`^${escape(repository)}/(?:blob|tree)/[^/]+/([^#]*)(?:#(.*))?$`);
  const shipped = new Map(entries.map((entry) => [entry.path, entry]));
  const pages = entries.filter(({ path }) => path.endsWith('.md') && !path.startsWith('src/'));
  const counts = { package: 0, repository: 0, npm: 0, external: 0 };
  const problems = [];
  const anchorsOf = (path) => headingAnchors(shipped.get(path).body.toString('utf8'));
  for (const page of pages) {
    for (const target of linkTargets(page.body.toString('utf8'))) {
      const problem = (why) => problems.push(`${page.path}: ${target} ${why}`);
      const { url, path, anchor } = splitTarget(target);
      if (url !== undefined) {
        const inRepository = repositoryPage.exec(url);
        const onNpm = NPM_PAGE.exec(url);
        if (inRepository !== null) {
          counts.repository += 1;
          const file = join(ROOT, decodeURIComponent(inRepository[1]));
          if (!existsSync(file)) problem('names a file this repository does not have');
          else if (inRepository[2] !== undefined && file.endsWith('.md')) {
            if (!headingAnchors(readFileSync(file, 'utf8')).has(decodeURIComponent(inRepository[2])))
              problem('names a heading that file does not have');
          }
        } else if (onNpm !== null && onNpm[1].startsWith('@invoicekit/')) {
          counts.npm += 1;
          if (!published.has(onNpm[1])) problem('is the page of a package this workspace does not publish');
        } else counts.external += 1;
        continue;
      }
      counts.package += 1;
      const resolved = path === '' ? page.path : posix.normalize(posix.join(posix.dirname(page.path), path));
      if (resolved.startsWith('../')) problem('leaves the package: it is not in the tarball');
      else if (shipped.has(resolved)) {
        if (anchor !== '' && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor))
          problem(`names a heading ${resolved} does not have`);
      } else if (![...shipped.keys()].some((p) => p.startsWith(`${resolved.replace(/\/$/, '')}/`)))
        problem('is not in the tarball');
    }
  }
  const detail =
    `${pages.length} pages; links: ${counts.package} in the package, ${counts.repository} to this repository, ` +
    `${counts.npm} to @invoicekit npm pages, ${counts.external} elsewhere (not fetched)`;
  return { problems, detail };
};
