import fc from 'fast-check';
import { DEFAULT_PERSONAL_FIELDS, exchangeRedactor } from '../../src/redact';
import { credentialScrubber } from '../../src/scrub';

const KEY = 'sk_live_0123456789';
const redact = exchangeRedactor(credentialScrubber([KEY]), ['phone', 'Shipping']);

describe('exchangeRedactor', () => {
  it('redacts personal members at any depth and in arrays, whatever their case', () => {
    const body = JSON.stringify({
      EMAIL: 'ada@shop.example',
      customer: { sender_data: { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1815-12-10' } },
      items: [{ buyerEmail: 'ada@shop.example', sku: 'A-1' }],
    });
    expect(JSON.parse(redact('https://x.test', body, null).requestBody)).toEqual({
      EMAIL: '[redacted]',
      customer: { sender_data: '[redacted]' },
      items: [{ buyerEmail: '[redacted]', sku: 'A-1' }],
    });
  });

  it('redacts the members a shop marks personal besides the built-in ones', () => {
    const out = redact(
      'https://x.test',
      '{"phone":"+44 20 7946 0000","shipping":{"street":"1 Main St"}}',
      null,
    );
    expect(out.requestBody).toBe('{"phone":"[redacted]","shipping":"[redacted]"}');
  });

  it('scrubs a personal value wherever else it appears: other members, the answer, text bodies, the URL', () => {
    const out = redact(
      'https://x.test/find?who=ada%40shop.example',
      '{"email":"ada@shop.example","description":"for ada@shop.example"}',
      '<html>invalid email ada@shop.example</html>',
    );
    expect(out.requestBody).toBe('{"email":"[redacted]","description":"for [redacted]"}');
    expect(out.responseBody).toBe('<html>invalid email [redacted]</html>');
    expect(out.url).toBe('https://x.test/find?who=[redacted]');
  });

  it('keeps a body naming no personal member byte for byte, numbers with their exact digits', () => {
    const body = '{ "amount": 12345678.123456789, "tiny": 1.49e-06 }';
    expect(redact('https://x.test', body, body)).toEqual({
      url: 'https://x.test',
      requestBody: body,
      responseBody: body,
    });
    const withEmail = redact('https://x.test', '{"amount":12345678.123456789,"email":"a@b.example"}', null);
    expect(withEmail.requestBody).toBe('{"amount":12345678.123456789,"email":"[redacted]"}');
  });

  it('scrubs credentials in every spelling, in bodies that are not JSON too', () => {
    const out = redact(`https://x.test/?k=${KEY}`, `key=${encodeURIComponent(KEY)}`, `echo "${KEY}"`);
    expect(JSON.stringify(out)).not.toContain(KEY);
  });

  it('leaves no personal value or credential in any redacted exchange (property)', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9@._+-]{6,24}$/).map((s) => `pii${s}`);
    const personalKey = fc.constantFrom(...DEFAULT_PERSONAL_FIELDS, 'phone', 'SHIPPING');
    const other = fc.dictionary(
      fc.constantFrom('id', 'note', 'amount', 'list'),
      fc.jsonValue({ maxDepth: 2 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(personalKey, token), { minLength: 1, maxLength: 4 }),
        other,
        fc.boolean(),
        (members, rest, echo) => {
          const personal = Object.fromEntries(members);
          const values = Object.values(personal);
          const body = JSON.stringify({ ...rest, nested: { ...personal, list: [personal] }, key: KEY });
          const answer = echo ? `error: ${values.join(' ')} ${KEY}` : JSON.stringify({ ...personal });
          const text = JSON.stringify(redact(`https://x.test/?k=${KEY}`, body, answer));
          return [KEY, ...values].every((value) => !text.includes(value));
        },
      ),
      { numRuns: 300 },
    );
  });
});
