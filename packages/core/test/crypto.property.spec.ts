import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import {
  base64urlDecode,
  hexEncode,
  hmacSha256,
  hmacSha512,
  md5,
  timingSafeEqual,
  utf8Decode,
  type ByteSource,
} from '../src/adapter';
import { codecs as nodeCodecs } from '../src/bytesNode';
import { codecs as portableCodecs } from '../src/bytesPortable';
import { primitives as node } from '../src/cryptoNode';
import { primitives as portable } from '../src/cryptoPortable';

/** Any UTF-16 text, lone surrogates included. */
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
});
const anyBytes = fc.uint8Array({ maxLength: 300 });
const source: fc.Arbitrary<ByteSource> = fc.oneof(anyText, anyBytes);

/** Whole groups of four, the last one padded to four with one or two `=`. */
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const same = (bytes: Uint8Array | null, expected: ArrayLike<number>): boolean =>
  bytes !== null && Buffer.from(bytes).equals(Buffer.from(Array.from(expected)));
const reference = (algorithm: string, key: ByteSource, data: ByteSource): string =>
  createHmac(algorithm, key).update(data).digest('hex');

describe('the node:crypto and the pure-JS primitives', () => {
  it('give the same HMAC-SHA256 and HMAC-SHA512, as bytes and as hex, for any key and body, text or bytes', () => {
    fc.assert(
      fc.property(source, source, (key, data) => {
        const sha256 = reference('sha256', key, data);
        const sha512 = reference('sha512', key, data);
        for (const primitives of [node, portable]) {
          expect(hex(primitives.hmacSha256(key, data))).toBe(sha256);
          expect(primitives.hmacSha256Hex(key, data)).toBe(sha256);
          expect(hex(primitives.hmacSha512(key, data))).toBe(sha512);
          expect(primitives.hmacSha512Hex(key, data)).toBe(sha512);
        }
      }),
    );
  });

  it('give the same MD5, as bytes and as hex, for any body, text or bytes', () => {
    fc.assert(
      fc.property(source, (data) => {
        const expected = createHash('md5').update(data).digest('hex');
        for (const primitives of [node, portable]) {
          expect(hex(primitives.md5(data))).toBe(expected);
          expect(primitives.md5Hex(data)).toBe(expected);
        }
      }),
    );
  });

  it('compare bytes alike: equal only for the same bytes, false for another length', () => {
    const pair = fc.oneof(
      anyBytes.map((bytes) => [bytes, Uint8Array.from(bytes)] as const),
      fc.tuple(anyBytes, anyBytes),
      fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat()).map(([bytes, at]) => {
        const other = Uint8Array.from(bytes);
        const flipped = at % other.length;
        other[flipped] = other[flipped]! ^ 1;
        return [bytes, other] as const;
      }),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const same = Buffer.from(a).equals(b);
        expect(portable.timingSafeEqual(a, b)).toBe(same);
        expect(node.timingSafeEqual(a, b)).toBe(same);
      }),
    );
  });

  it('are what core exports on Node', () => {
    fc.assert(
      fc.property(source, source, (key, data) => {
        expect(hmacSha256(key, data)).toEqual(node.hmacSha256(key, data));
        expect(hmacSha512(key, data)).toEqual(node.hmacSha512(key, data));
        expect(md5(data)).toEqual(node.md5(data));
      }),
    );
    expect(timingSafeEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
  });
});

describe('decoding UTF-8', () => {
  it('reads any bytes as Buffer does, a leading byte-order mark kept', () => {
    const withMark = anyBytes.map((bytes) => Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]));
    fc.assert(
      fc.property(fc.oneof(anyBytes, withMark), (bytes) => {
        expect(utf8Decode(bytes)).toBe(Buffer.from(bytes).toString('utf8'));
      }),
    );
  });
});

describe.each([
  ['on Buffer', nodeCodecs],
  ['in plain JavaScript', portableCodecs],
])('the byte codecs %s, against Node Buffer', (_label, codecs) => {
  it('encode any text as UTF-8 and count its bytes without encoding', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(Buffer.from(codecs.utf8Encode(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(codecs.utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
  });

  it('copy bytes into memory of their own', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        const copy = codecs.copyBytes(bytes);
        expect(new Uint8Array(copy)).toEqual(bytes);
        copy[0] = copy[0]! ^ 1;
        expect(copy[0]).not.toBe(bytes[0]);
      }),
    );
  });

  it('round-trip hex, base64 and base64url as Buffer writes them', () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const buffer = Buffer.from(bytes);
        expect(codecs.hexEncode(bytes)).toBe(buffer.toString('hex'));
        expect(codecs.base64Encode(bytes)).toBe(buffer.toString('base64'));
        expect(codecs.base64urlEncode(bytes)).toBe(buffer.toString('base64url'));
        expect(same(codecs.hexDecode(codecs.hexEncode(bytes)), bytes)).toBe(true);
        expect(same(codecs.hexDecode(codecs.hexEncode(bytes).toUpperCase()), bytes)).toBe(true);
        expect(same(codecs.base64Decode(codecs.base64Encode(bytes)), bytes)).toBe(true);
        expect(same(codecs.base64urlDecode(codecs.base64urlEncode(bytes)), bytes)).toBe(true);
      }),
    );
  });

  it('decode hex only from exactly 2n hex digits, refusing what Buffer would cut short', () => {
    const hexish = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg x-'.split('')) });
    fc.assert(
      fc.property(fc.oneof(hexish, anyText), (text) => {
        const decoded = codecs.hexDecode(text);
        if (/^(?:[0-9a-fA-F]{2})*$/.test(text)) expect(same(decoded, Buffer.from(text, 'hex'))).toBe(true);
        else expect(decoded).toBeNull();
      }),
    );
    for (const refused of ['ab ', 'abc', ' abcd', '0g', 'ab\n']) expect(codecs.hexDecode(refused)).toBeNull();
  });

  it('decode base64 and base64url strictly: their own alphabet, padding only in base64', () => {
    const alphabet = fc.string({ unit: fc.constantFrom(...'ABYZabyz0189+/-_= .'.split('')) });
    fc.assert(
      fc.property(fc.oneof(alphabet, anyText), (text) => {
        const standard = codecs.base64Decode(text);
        expect(standard === null).toBe(!STANDARD_BASE64.test(text));
        if (standard !== null) expect(same(standard, Buffer.from(text, 'base64'))).toBe(true);
        const url = codecs.base64urlDecode(text);
        expect(url === null).toBe(!(/^[A-Za-z0-9_-]*$/.test(text) && text.length % 4 !== 1));
        if (url !== null) expect(same(url, Buffer.from(text, 'base64url'))).toBe(true);
      }),
    );
    expect(codecs.base64Decode('QQ')).toBeNull();
    expect(codecs.base64Decode('Q===')).toBeNull();
    expect(same(codecs.base64Decode('QQ=='), [0x41])).toBe(true);
    expect(codecs.base64urlDecode('QQ==')).toBeNull();
    expect(same(codecs.base64urlDecode('-_8'), [0xfb, 0xff])).toBe(true);
    expect(codecs.base64urlDecode('+/8')).toBeNull();
  });
});

it('the codecs core exports on Node are the Buffer ones', () => {
  expect(hexEncode).toBe(nodeCodecs.hexEncode);
  expect(base64urlDecode).toBe(nodeCodecs.base64urlDecode);
  expect(hmacSha512).toBe(node.hmacSha512);
});
