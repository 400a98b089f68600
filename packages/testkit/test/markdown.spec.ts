import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { diagnoseCodeBlocks, MODULE_SYSTEMS, typescriptBlocks } from '../src/markdown';

const REPO = join(__dirname, '..', '..', '..');
const DOCUMENTS = ['README.md', 'packages/webhooks/README.md'].map((file) => join(REPO, file));

describe('code blocks of the documentation', () => {
  it.each(DOCUMENTS)(
    '%s has TypeScript blocks, tagged ts, that import no fp-ts module by deep path',
    (file) => {
      const markdown = readFileSync(file, 'utf8');
      expect(typescriptBlocks(markdown).length).toBeGreaterThan(0);
      expect(markdown).not.toMatch(/^```(typescript|js|javascript|tsx)$/m);
      expect(typescriptBlocks(markdown).join('\n')).not.toMatch(/from 'fp-ts\//);
    },
  );

  it.each(MODULE_SYSTEMS)(
    'each compiles as printed in a %s project',
    (_kind, moduleSystem, extension) => {
      expect(diagnoseCodeBlocks(REPO, DOCUMENTS, moduleSystem, extension)).toEqual([]);
    },
    120_000,
  );
});
