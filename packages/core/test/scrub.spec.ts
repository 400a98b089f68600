import { inspect } from 'node:util';
import { secret } from '../src';
import { credentialScrubber, rejected, scrubError, unexpectedResponse } from '../src/adapter';

const API_KEY = 'pk_live_8f3a1c2d9e7b';
const SECRET_KEY = 'sk/live+"quoted"&<tag>';

describe('credentialScrubber', () => {
  const scrub = credentialScrubber([secret(API_KEY), SECRET_KEY, undefined]);

  it.each([
    ['as sent', `Bad key header ${API_KEY}`],
    ['JSON-escaped', `{"echo":${JSON.stringify(SECRET_KEY)}}`],
    ['percent-encoded', `GET /?key=${encodeURIComponent(SECRET_KEY)}`],
    ['PHP-JSON-escaped (Laravel)', '{"errors":{"key":"sk\\/live+\\"quoted\\"&<tag>"}}'],
    ['HTML-escaped', '<td>sk/live+&quot;quoted&quot;&amp;&lt;tag&gt;</td>'],
  ])('removes a credential echoed %s', (_label, text) => {
    const scrubbed = scrub(text);
    expect(scrubbed).toContain('[redacted]');
    expect(scrubbed).not.toContain(API_KEY);
    expect(scrubbed).not.toContain('sk/live');
  });

  it('removes every occurrence and leaves other text alone', () => {
    expect(scrub(`${API_KEY} and ${API_KEY} again`)).toBe('[redacted] and [redacted] again');
    expect(scrub('nothing secret here')).toBe('nothing secret here');
  });

  it('removes a non-ASCII credential PHP wrote as \\u escapes', () => {
    expect(credentialScrubber(['schlüssel-1234'])('{"key":"schl\\u00fcssel-1234"}')).toBe(
      '{"key":"[redacted]"}',
    );
  });

  it('does not scrub credentials too short to identify anything', () => {
    expect(credentialScrubber(['abc'])('abc def')).toBe('abc def');
  });
});

describe('scrubError', () => {
  const scrub = credentialScrubber([API_KEY]);

  it('scrubs message, excerpt, code and field texts of an error', () => {
    const echoed = rejected('coinspaid', 400, API_KEY, { key: `unknown ${API_KEY}` }, `bad ${API_KEY}`);
    const clean = scrubError(scrub)(echoed);
    expect(inspect(clean, { depth: 5 })).not.toContain(API_KEY);
    expect(clean.fields).toEqual({ key: 'unknown [redacted]' });
    const unexpected = scrubError(scrub)(
      unexpectedResponse('coinspaid', 502, [{ path: '', message: API_KEY }], `<h1>${API_KEY}</h1>`),
    );
    expect(unexpected.bodyExcerpt).toBe('<h1>[redacted]</h1>');
    expect(unexpected.issues).toEqual([{ path: '', message: '[redacted]' }]);
  });
});
