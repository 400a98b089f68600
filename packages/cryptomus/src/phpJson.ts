import { isLosslessNumber, isRecord } from '@invoicekit/core/adapter';

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

// PHP escapes `/` unless JSON_UNESCAPED_SLASHES, control characters as lower-case \u00XX, and U+2028/U+2029
// unless JSON_UNESCAPED_LINE_TERMINATORS; with JSON_UNESCAPED_UNICODE every other character is raw UTF-8.
// eslint-disable-next-line no-control-regex -- PHP escapes exactly these control characters
const SPECIAL = /["\\/\u0000-\u001f\u2028\u2029]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const escapeChar = (c: string): string => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A string as PHP's `json_encode($s, JSON_UNESCAPED_UNICODE)` writes it. */
export const phpJsonString = (text: string): string => `"${text.replace(SPECIAL, escapeChar)}"`;

/** True when PHP's `json_decode` would refuse the text that held this string (an unpaired UTF-16 surrogate). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

// PHP decodes a JSON object into an array: an empty one, or one keyed "0".."n-1" in order, encodes back as a list.
const isPhpList = (keys: ReadonlyArray<string>): boolean => keys.every((key, i) => key === String(i));

/**
 * A losslessly parsed JSON value as PHP writes it after `json_decode($body, true)`, with
 * `json_encode($value, JSON_UNESCAPED_UNICODE)`: slashes escaped, Unicode raw, objects that PHP reads as
 * lists written as lists. Numbers keep the digits they arrived with (Cryptomus sends amounts as strings).
 * Null when PHP could not decode the text the value came from.
 */
export const phpJsonEncode = (value: unknown): string | null => {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return hasLoneSurrogate(value) ? null : phpJsonString(value);
  if (isLosslessNumber(value)) return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  const parts: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value as ReadonlyArray<unknown>) {
      const encoded = phpJsonEncode(item);
      if (encoded === null) return null;
      parts.push(encoded);
    }
    return `[${parts.join(',')}]`;
  }
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  const list = isPhpList(keys);
  for (const key of keys) {
    const encoded = phpJsonEncode(value[key]);
    if (encoded === null || hasLoneSurrogate(key)) return null;
    parts.push(list ? encoded : `${phpJsonString(key)}:${encoded}`);
  }
  return list ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
};
