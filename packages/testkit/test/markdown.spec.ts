import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { diagnoseCodeBlocks, MODULE_SYSTEMS, typescriptBlocks } from '../src/markdown';

const REPO = join(__dirname, '..', '..', '..');

const markdownIn = (dir: string): string[] =>
  readdirSync(join(REPO, dir))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(REPO, dir, name));

const packageReadmes = (): string[] =>
  readdirSync(join(REPO, 'packages'))
    .sort()
    .map((name) => join(REPO, 'packages', name, 'README.md'))
    .filter((file) => existsSync(file));

/** Every page a user reads: the root README, every page under docs/, every package README. */
const DOCUMENTS = [join(REPO, 'README.md'), ...markdownIn('docs'), ...packageReadmes()];

const LANGUAGES = new Set(['ts', 'sh', 'text', 'json']);

/** The info string of every opening code fence, in order (`''` for an untagged block). */
const fenceLanguages = (markdown: string): string[] => {
  const languages: string[] = [];
  let inside = false;
  for (const line of markdown.split('\n')) {
    const fence = /^```(.*)$/.exec(line);
    if (fence === null) continue;
    if (!inside) languages.push(fence[1]!.trim());
    inside = !inside;
  }
  return languages;
};

const withoutCode = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```$/gm, '');

/** Relative links outside code blocks (`](docs/x.md#part)` → `['docs/x.md', 'part']`, `](#part)` → `['', 'part']`). */
const relativeLinks = (markdown: string): Array<readonly [string, string]> =>
  [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target))
    .map((target) => [target.split('#')[0]!, target.split('#')[1] ?? ''] as const);

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
const anchors = (markdown: string): Set<string> =>
  new Set(
    [...withoutCode(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
      match[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );

const name = (file: string): string => relative(REPO, file);

describe('the documentation', () => {
  it('covers the root README, every page under docs/ and every package README', () => {
    const names = DOCUMENTS.map(name);
    expect(names).toEqual(
      expect.arrayContaining(['README.md', 'docs/getting-started.md', 'packages/gateway/README.md']),
    );
    expect(names.filter((n) => n.startsWith('docs/')).length).toBeGreaterThanOrEqual(9);
  });

  it.each(DOCUMENTS.map(name))(
    '%s tags every code block with ts, sh, text or json, and imports no fp-ts module by deep path',
    (file) => {
      const markdown = readFileSync(join(REPO, file), 'utf8');
      const languages = fenceLanguages(markdown);
      expect(languages.filter((language) => !LANGUAGES.has(language))).toEqual([]);
      expect(typescriptBlocks(markdown)).toHaveLength(languages.filter((l) => l === 'ts').length);
      expect(typescriptBlocks(markdown).join('\n')).not.toMatch(/from 'fp-ts\//);
    },
  );

  it.each(DOCUMENTS.map(name))('%s links only to files and headings that exist', (file) => {
    const markdown = readFileSync(join(REPO, file), 'utf8');
    const broken = relativeLinks(markdown).filter(([target, anchor]) => {
      const linked = target === '' ? join(REPO, file) : join(REPO, dirname(file), target);
      if (!existsSync(linked)) return true;
      return anchor !== '' && linked.endsWith('.md') && !anchors(readFileSync(linked, 'utf8')).has(anchor);
    });
    expect(broken.map(([target, anchor]) => (anchor === '' ? target : `${target}#${anchor}`))).toEqual([]);
  });

  it.each(MODULE_SYSTEMS)(
    'every ts block compiles as printed in a %s project',
    (_kind, moduleSystem, extension) => {
      expect(diagnoseCodeBlocks(REPO, DOCUMENTS, moduleSystem, extension)).toEqual([]);
    },
    180_000,
  );
});
