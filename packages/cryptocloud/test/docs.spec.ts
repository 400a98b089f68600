import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from './helpers';

const page = readFileSync(join(__dirname, 'fixtures', 'docs', 'create-invoice.md'), 'utf8');

/** JSON text without the white space between its tokens (strings kept as they are). */
const compact = (json: string): string =>
  json.replace(/"(?:[^"\\]|\\.)*"|\s+/g, (token) => (token.startsWith('"') ? token : ''));

const jsonBlocks = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map(([, block]) => compact(block!));
const curlBodies = [...page.matchAll(/-d '([^']*)'/g)].map(([, body]) => compact(body!));

describe('fixtures quoting the stored create-invoice page', () => {
  it('create.request is the page’s cURL body, white space aside', () => {
    expect(curlBodies).toContain(fixtures.body('create.request'));
  });

  it('create.response is the page’s "200: OK" example, white space aside', () => {
    expect(jsonBlocks).toContain(fixtures.body('create.response'));
  });
});
