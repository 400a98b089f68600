import { codecs } from '#bytes';

/** Bytes to sign, hash or key with: a string stands for its UTF-8 bytes. */
export type ByteSource = string | Uint8Array;

// ignoreBOM keeps a leading byte-order mark in the text, as Node's Buffer does, so the text is the bytes.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Bytes read as UTF-8 text: a leading byte-order mark kept, each invalid sequence read as U+FFFD. */
export const utf8Decode = (bytes: Uint8Array): string => decoder.decode(bytes);

/** The UTF-8 bytes of a text; a lone surrogate becomes U+FFFD, as every runtime encodes it. */
export const utf8Encode = codecs.utf8Encode;

/** How many bytes `utf8Encode(text)` gives, counted without encoding. */
export const utf8Length = codecs.utf8Length;

/** A copy of a byte view's bytes (any typed array or DataView, read as bytes), never sharing its memory. */
export const copyBytes = (view: ArrayBufferView): Uint8Array =>
  codecs.copyBytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));

/** A string's UTF-8 bytes, or the bytes themselves. */
export const toBytes = (source: ByteSource): Uint8Array =>
  typeof source === 'string' ? utf8Encode(source) : source;

/** Lower-case hex, two digits a byte. */
export const hexEncode = codecs.hexEncode;

/** The bytes of a text of exactly 2n hex digits (either case); null for anything else, blanks included. */
export const hexDecode = codecs.hexDecode;

/** Standard base64 (RFC 4648 §4), padded with `=`. */
export const base64Encode = codecs.base64Encode;

/** The bytes of standard, padded base64; null for any other character, a missing pad or a bad length. */
export const base64Decode = codecs.base64Decode;

/** URL-safe base64 (RFC 4648 §5) without padding, as JWS segments are written. */
export const base64urlEncode = codecs.base64urlEncode;

/** The bytes of unpadded URL-safe base64; null for any other character (`=` included) or a bad length. */
export const base64urlDecode = codecs.base64urlDecode;
