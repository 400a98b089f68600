import type { ByteCodecs } from './byteCodecs';

const encoder = new TextEncoder();
const ascii = new TextDecoder();

const utf8Length = (text: string): number => {
  let length = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) length += 1;
    else if (unit < 0x800) length += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      length += 4;
      i += 1;
    } else length += 3;
  }
  return length;
};

const codesOf = (alphabet: string): Uint8Array => Uint8Array.from(alphabet, (digit) => digit.charCodeAt(0));

const HEX = codesOf('0123456789abcdef');

const hexEncode = (bytes: Uint8Array): string => {
  const digits = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i += 1) {
    digits[2 * i] = HEX[bytes[i]! >> 4]!;
    digits[2 * i + 1] = HEX[bytes[i]! & 15]!;
  }
  return ascii.decode(digits);
};

const nibble = (code: number): number => {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
};

const hexDecode = (text: string): Uint8Array | null => {
  if (text.length % 2 !== 0) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i += 1) {
    const high = nibble(text.charCodeAt(2 * i));
    const low = nibble(text.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) return null;
    bytes[i] = (high << 4) | low;
  }
  return bytes;
};

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const PAD = 0x3d;

const encoderFor = (alphabet: string, padded: boolean) => {
  const digits = codesOf(alphabet);
  return (bytes: Uint8Array): string => {
    const rest = bytes.length % 3;
    const whole = bytes.length - rest;
    const out = new Uint8Array((whole / 3) * 4 + (rest === 0 ? 0 : padded ? 4 : rest + 1));
    let at = 0;
    for (let i = 0; i < whole; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      out[at] = digits[n >> 18]!;
      out[at + 1] = digits[(n >> 12) & 63]!;
      out[at + 2] = digits[(n >> 6) & 63]!;
      out[at + 3] = digits[n & 63]!;
      at += 4;
    }
    if (rest > 0) {
      const n = (bytes[whole]! << 16) | (rest === 2 ? bytes[whole + 1]! << 8 : 0);
      out[at] = digits[n >> 18]!;
      out[at + 1] = digits[(n >> 12) & 63]!;
      if (rest === 2) out[at + 2] = digits[(n >> 6) & 63]!;
      else if (padded) out[at + 2] = PAD;
      if (padded) out[at + 3] = PAD;
    }
    return ascii.decode(out);
  };
};

const decoderFor = (alphabet: string, padded: boolean) => {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i += 1) values[alphabet.charCodeAt(i)] = i;
  const valueAt = (text: string, i: number): number => {
    const code = text.charCodeAt(i);
    return code < 128 ? values[code]! : -1;
  };
  return (text: string): Uint8Array | null => {
    let digits = text.length;
    if (padded) {
      if (digits % 4 !== 0) return null;
      if (text.endsWith('==')) digits -= 2;
      else if (text.endsWith('=')) digits -= 1;
    }
    if (digits % 4 === 1) return null;
    const bytes = new Uint8Array(Math.floor((digits * 3) / 4));
    let at = 0;
    let bits = 0;
    let held = 0;
    for (let i = 0; i < digits; i += 1) {
      const value = valueAt(text, i);
      if (value < 0) return null;
      bits = ((bits << 6) | value) & 0xfff;
      held += 6;
      if (held >= 8) {
        held -= 8;
        bytes[at] = (bits >> held) & 0xff;
        at += 1;
      }
    }
    return bytes;
  };
};

/** The codecs in plain JavaScript on TextEncoder, for runtimes without Node's `Buffer` (workerd, browsers). */
export const codecs: ByteCodecs = {
  utf8Encode: (text) => encoder.encode(text),
  utf8Length,
  copyBytes: (bytes) => bytes.slice(),
  hexEncode,
  hexDecode,
  base64Encode: encoderFor(BASE64, true),
  base64Decode: decoderFor(BASE64, true),
  base64urlEncode: encoderFor(BASE64URL, false),
  base64urlDecode: decoderFor(BASE64URL, false),
};
