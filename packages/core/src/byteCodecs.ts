/** Text and byte conversions, implemented once per kind of runtime: Node's `Buffer` where it exists, plain JavaScript elsewhere. */
export interface ByteCodecs {
  /** The UTF-8 bytes of a text; a lone surrogate becomes U+FFFD, as every runtime encodes it. */
  readonly utf8Encode: (text: string) => Uint8Array;
  /** How many bytes `utf8Encode(text)` gives, counted without encoding. */
  readonly utf8Length: (text: string) => number;
  /** A copy of the bytes, sharing no memory with them. */
  readonly copyBytes: (bytes: Uint8Array) => Uint8Array;
  /** Lower-case hex, two digits a byte. */
  readonly hexEncode: (bytes: Uint8Array) => string;
  /** The bytes of a text of exactly 2n hex digits (either case); null for anything else, blanks included. */
  readonly hexDecode: (text: string) => Uint8Array | null;
  /** Standard base64 (RFC 4648 §4), padded with `=`. */
  readonly base64Encode: (bytes: Uint8Array) => string;
  /** The bytes of standard, padded base64; null for any other character, a missing pad or a bad length. */
  readonly base64Decode: (text: string) => Uint8Array | null;
  /** URL-safe base64 (RFC 4648 §5) without padding, as JWS segments are written. */
  readonly base64urlEncode: (bytes: Uint8Array) => string;
  /** The bytes of unpadded URL-safe base64; null for any other character (`=` included) or a bad length. */
  readonly base64urlDecode: (text: string) => Uint8Array | null;
}
