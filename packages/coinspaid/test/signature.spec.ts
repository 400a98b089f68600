import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signCallback } from '../src';
import { constantTimeEquals } from '@invoicekit/core/adapter';
import { signatureMatches, signBody } from '../src/signature';
import { fixtures } from './support';

interface Vector {
  secret: string;
  body: string;
  signature: string;
}
const [documented] = fixtures.list('signatureVectors') as unknown as ReadonlyArray<Vector>;

describe('signature', () => {
  it('reproduces the documented vector', () => {
    expect(signBody(documented!.body, documented!.secret)).toBe(documented!.signature);
    expect(signCallback(documented!.body, documented!.secret)).toBe(documented!.signature);
    expect(signCallback(Buffer.from(documented!.body), documented!.secret)).toBe(documented!.signature);
  });

  it('reproduces the coinspaid-go callback vector over its exact 883 bytes', () => {
    const name = 'callback.deposit_exchange.coinspaid-go';
    const body = fixtures.body(name);
    const secret = fixtures.text(name, 'secretKey');
    const signature = fixtures.text(name, 'signature');
    expect(Buffer.byteLength(body, 'utf8')).toBe(883);
    expect(secret).toBe('test_secret');
    expect(signature).toBe(
      '3a031e16649f5120e4f08d462578681f8b6842815dbf5fc1e209445585cf91957b0555bc68ef48d95cee4349441404511198a0a5accd8aac396c029b4665c88b',
    );
    expect(signCallback(Buffer.from(body, 'utf8'), secret)).toBe(signature);
    expect(signatureMatches(Buffer.from(body, 'utf8'), signature, secret)).toBe(true);
    expect(signatureMatches(JSON.stringify(JSON.parse(body), null, 1), signature, secret)).toBe(false);
  });

  it('signs the UTF-8 bytes of a non-ASCII body; PHP-style re-encoding does not match', () => {
    const body = '{"url_success":"https://example.com/success","last_name":"Müller"}';
    const php = '{"url_success":"https:\\/\\/example.com\\/success","last_name":"M\\u00fcller"}';
    const signature = signBody(body, 'AbCdEfG123456');
    expect(signature).toMatch(/^0b4ffba7[0-9a-f]{112}24d1ba7d$/);
    expect(signBody(Buffer.from(body, 'utf8'), 'AbCdEfG123456')).toBe(signature);
    expect(signBody(php, 'AbCdEfG123456')).toMatch(/^22c436eb[0-9a-f]{112}b9a83f7b$/);
    expect(signatureMatches(php, signature, 'AbCdEfG123456')).toBe(false);
    expect(signatureMatches(Buffer.from(body, 'latin1'), signature, 'AbCdEfG123456')).toBe(false);
  });

  it('is lower-case hex HMAC-SHA512 keyed with the secret', () => {
    const signature = signBody('{}', 'k');
    expect(signature).toBe(createHmac('sha512', 'k').update('{}').digest('hex'));
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
  });

  it('accepts the right signature in either hex case and refuses anything else', () => {
    const body = documented!.body;
    expect(signatureMatches(body, documented!.signature, documented!.secret)).toBe(true);
    expect(signatureMatches(body, documented!.signature.toUpperCase(), documented!.secret)).toBe(true);
    expect(signatureMatches(body, documented!.signature.slice(0, -1), documented!.secret)).toBe(false);
    expect(signatureMatches(body, '', documented!.secret)).toBe(false);
    expect(signatureMatches(body, 'ü'.repeat(128), documented!.secret)).toBe(false);
    expect(signatureMatches(body, documented!.signature, 'other')).toBe(false);
  });

  it('accepts exactly the 128-digit hex spellings of the signature, whatever is changed (property)', () => {
    const { body, secret, signature } = documented!;
    const hexDigit = fc.constantFrom(...'0123456789abcdefABCDEF');
    const edit = fc.oneof(
      fc.record({ at: fc.nat(127), char: fc.oneof(hexDigit, fc.string({ minLength: 1, maxLength: 1 })) }),
      fc.record({ at: fc.nat(127), char: fc.constant('') }),
      fc.record({ at: fc.nat(127), char: fc.string({ minLength: 2, maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 3 }), fc.boolean(), (edits, upper) => {
        const start = upper ? signature.toUpperCase() : signature;
        const given = edits.reduce(
          (text, { at, char }) => text.slice(0, at) + char + text.slice(at + 1),
          start,
        );
        const expected = /^[0-9a-fA-F]{128}$/.test(given.trim()) && given.trim().toLowerCase() === signature;
        expect(signatureMatches(body, given, secret)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('compares strings of any length without throwing', () => {
    expect(constantTimeEquals('a', 'a')).toBe(true);
    expect(constantTimeEquals('a', 'ab')).toBe(false);
    expect(constantTimeEquals('', '')).toBe(true);
    expect(constantTimeEquals('ü', 'u')).toBe(false);
  });

  it('compares like ===, whatever the two strings, the expected one as text or bytes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (given, expected) => {
        expect(constantTimeEquals(given, expected)).toBe(given === expected);
        expect(constantTimeEquals(given, Buffer.from(expected, 'utf8'))).toBe(given === expected);
        expect(constantTimeEquals(expected, expected)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
