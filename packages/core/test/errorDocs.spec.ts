import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainError, errorDocsUrl, ERRORS_DOC_URL } from '../src';
import { invalidConfig, signatureInvalid, timeout } from '../src/adapter';
import { DOCUMENTED_TAGS } from '../src/errorDocs';

const ERRORS_MD = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'errors.md'), 'utf8');

/** GitHub's heading anchors, the rule scripts/lib/markdown.mjs checks packed links with. */
const headingAnchors = (markdown: string): ReadonlySet<string> =>
  new Set(
    markdown
      .replace(/^```[\s\S]*?^```/gm, '')
      .split('\n')
      .flatMap((line) => {
        const heading = /^#{1,6} (.+?)(?:\s+#+)?\s*$/.exec(line)?.[1];
        return heading === undefined
          ? []
          : [
              heading
                .trim()
                .toLowerCase()
                .replace(/[^\p{L}\p{N} _-]/gu, '')
                .replace(/ /g, '-'),
            ];
      }),
  );

describe('links from an error to its section of docs/errors.md', () => {
  const anchors = headingAnchors(ERRORS_MD);

  it.each(DOCUMENTED_TAGS)('%s has a section whose anchor the link names', (tag) => {
    const url = errorDocsUrl({ _tag: tag });
    expect(url).toBe(`${ERRORS_DOC_URL}#${tag.toLowerCase()}`);
    expect(anchors).toContain(tag.toLowerCase());
  });

  it('points at docs/errors.md on the main branch of the repository the package names', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      repository: { url: string };
    };
    const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(ERRORS_DOC_URL).toBe(`${repository}/blob/main/docs/errors.md`);
  });

  it('links a tag documented elsewhere (the ledger’s) to the page, never to a missing anchor', () => {
    expect(errorDocsUrl({ _tag: 'StorageFailed' })).toBe(ERRORS_DOC_URL);
  });

  it('ends the described error with the link', () => {
    expect(explainError(timeout('coinspaid', 5000))).toBe(
      '[coinspaid] Timeout: coinspaid did not answer within 5000 ms ' +
        '(see https://github.com/invoicekit/invoicekit/blob/main/docs/errors.md#timeout)',
    );
    expect(explainError(signatureInvalid('btcpay', 'the BTCPay-Sig header is missing'))).toBe(
      '[btcpay] SignatureInvalid: Webhook rejected: the BTCPay-Sig header is missing ' +
        '(see https://github.com/invoicekit/invoicekit/blob/main/docs/errors.md#signatureinvalid)',
    );
    expect(explainError(invalidConfig([{ path: 'apiKey', message: 'is required' }]))).toBe(
      'InvalidConfig: Invalid configuration: apiKey: is required ' +
        '(see https://github.com/invoicekit/invoicekit/blob/main/docs/errors.md#invalidconfig)',
    );
  });
});
