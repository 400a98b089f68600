import { Buffer } from 'node:buffer';
import type { ByteCodecs } from './byteCodecs';

// Checked whole before Buffer decodes: Node's Buffer stops at the first pair that is not hex, Deno's
// parses a pair's hex prefix, and both skip what is not base64.
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The codecs on Node's `Buffer` (native, and small allocations pooled), for the `node` condition: Node, Bun, Deno. */
export const codecs: ByteCodecs = {
  utf8Encode: (text) => Buffer.from(text, 'utf8'),
  utf8Length: (text) => Buffer.byteLength(text, 'utf8'),
  copyBytes: (bytes) => Buffer.from(bytes),
  hexEncode: (bytes) => asBuffer(bytes).toString('hex'),
  hexDecode: (text) => (HEX.test(text) ? Buffer.from(text, 'hex') : null),
  base64Encode: (bytes) => asBuffer(bytes).toString('base64'),
  base64Decode: (text) => (BASE64.test(text) ? Buffer.from(text, 'base64') : null),
  base64urlEncode: (bytes) => asBuffer(bytes).toString('base64url'),
  base64urlDecode: (text) =>
    BASE64URL.test(text) && text.length % 4 !== 1 ? Buffer.from(text, 'base64url') : null,
};
