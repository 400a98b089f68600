import { isLosslessNumber, utf8Encode } from '@invoicekit/core/adapter';

/**
 * The serialisations NOWPayments has published for the string its IPN signature is computed over, each
 * reproduced from a losslessly parsed body (numbers as their digit text):
 *
 * - `node-sort-object`: the current collection's Node example, `JSON.stringify(sortObject(params))`
 *   (keys sorted at every depth; arrays become objects keyed "0", "1", …; JavaScript number text);
 * - `node-sort-object-exact`: the same, every number written with the digits NOWPayments sent;
 * - `node-key-replacer`: the older collections' and the current prose's
 *   `JSON.stringify(params, Object.keys(params).sort())` (the top-level keys are the replacer at every
 *   depth, so a nested `fee` keeps none of its own keys);
 * - `node-key-replacer-exact`: the same, every number written with the digits NOWPayments sent;
 * - `php-tksort`: the PHP example (`json_decode(…, true)`, recursive `ksort`,
 *   `json_encode(…, JSON_UNESCAPED_SLASHES)`: `\uXXXX` for non-ASCII, PHP float text, `{}` as `[]`);
 * - `python-sort-keys`: the Python example (`json.dumps(…, separators=(',', ':'), sort_keys=True)`:
 *   `\uXXXX` for non-ASCII, Python `repr` float text).
 */
export const SIGNATURE_RECIPES = [
  'node-sort-object',
  'node-sort-object-exact',
  'node-key-replacer',
  'node-key-replacer-exact',
  'php-tksort',
  'python-sort-keys',
] as const;

/** One published way of building the signed string. */
export type SignatureRecipe = (typeof SIGNATURE_RECIPES)[number];

type Json = unknown;

const numberText = (v: Json): string | null =>
  isLosslessNumber(v) ? v.value : typeof v === 'number' ? String(v) : null;

const hex4 = (code: number): string => `\\u${code.toString(16).padStart(4, '0')}`;

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A string as JavaScript's `JSON.stringify` writes it: non-ASCII raw, lone surrogates escaped. */
const jsString = (s: string): string => JSON.stringify(s);

/** A string as PHP's `json_encode` (with JSON_UNESCAPED_SLASHES) and Python's `json.dumps` write it: ASCII only. */
const asciiString =
  (escapesDelete: boolean) =>
  (s: string): string => {
    let out = '"';
    for (let i = 0; i < s.length; i += 1) {
      const ch = s[i]!;
      const code = s.charCodeAt(i);
      const short = SHORT_ESCAPES[ch];
      out += short ?? (code < 0x20 || code > 0x7f || (code === 0x7f && escapesDelete) ? hex4(code) : ch);
    }
    return `${out}"`;
  };

// PHP escapes below 0x20 and above 0x7f only; Python's ensure_ascii escapes everything outside ' '..'~', DEL too.
const phpString = asciiString(false);
const pythonString = asciiString(true);

const INTEGER = /^-?\d+$/;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** The shortest round-trip digits of a finite double and the position of its decimal point (`decpt`). */
const shortestDigits = (d: number): { digits: string; decpt: number; negative: boolean } => {
  const [mantissa, exponent] = Math.abs(d).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  return { digits, decpt: Number(exponent) + 1, negative: d < 0 || Object.is(d, -0) };
};

/** A number as JavaScript re-prints it after `JSON.parse`. */
const jsNumber = (text: string): string => {
  const d = Number(text);
  return Number.isFinite(d) ? JSON.stringify(d) : 'null';
};

/** A number as Python's `json.dumps` re-prints it after `json.loads`: exact integers, `repr` floats. */
const pythonNumber = (text: string): string => {
  if (INTEGER.test(text)) return BigInt(text).toString();
  const d = Number(text);
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  const { digits, decpt, negative } = shortestDigits(d);
  const sign = negative ? '-' : '';
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const exponent = decpt - 1;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
};

/**
 * A number as PHP's `json_encode` re-prints it after `json_decode` (serialize_precision -1): integers
 * within 64 bits exactly, floats through `php_gcvt` with 17 digits (`1.0e-7`, `15` for 15.0); null where
 * PHP could not encode it (INF).
 */
const phpNumber = (text: string): string | null => {
  if (INTEGER.test(text)) {
    const n = BigInt(text);
    if (n <= INT64_MAX && n >= INT64_MIN) return n.toString();
  }
  const d = Number(text);
  if (!Number.isFinite(d)) return null;
  const { digits, decpt, negative } = shortestDigits(d);
  const sign = negative ? '-' : '';
  if (decpt < 0 ? decpt < -3 : decpt > 17) {
    const exponent = decpt - 1;
    const mantissa = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}`;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
  }
  if (decpt < 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  const whole = decpt === 0 ? '0' : digits.slice(0, decpt).padEnd(decpt, '0');
  const fraction = digits.slice(decpt);
  return fraction === '' ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
};

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;
const isArrayIndex = (key: string): boolean => ARRAY_INDEX.test(key) && Number(key) < 4294967295;

/** The order a JavaScript object lists keys inserted in `keys` order: array indices first, ascending. */
const jsPropertyOrder = (keys: ReadonlyArray<string>): string[] => [
  ...keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b)),
  ...keys.filter((key) => !isArrayIndex(key)),
];

const keysOf = (v: Record<string, Json> | ReadonlyArray<Json>): string[] =>
  Array.isArray(v) ? v.map((_, i) => String(i)) : jsPropertyOrder(Object.keys(v));

/** `JSON.stringify(sortObject(v))` of the Node example: arrays become objects, keys sorted at every depth. */
const sortObjectJson = (v: Json, num: (text: string) => string): string => {
  const text = numberText(v);
  if (text !== null) return num(text);
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? jsString(v) : JSON.stringify(v);
  const record = v as Record<string, Json>;
  const keys = jsPropertyOrder(keysOf(record).sort());
  return `{${keys.map((key) => `${jsString(key)}:${sortObjectJson(record[key], num)}`).join(',')}}`;
};

/** `JSON.stringify(v, list)`: `list` names the properties of every object, in its order, at every depth. */
const replacerJson = (v: Json, list: ReadonlyArray<string>, num: (text: string) => string): string => {
  const text = numberText(v);
  if (text !== null) return num(text);
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? jsString(v) : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((item: Json) => replacerJson(item, list, num)).join(',')}]`;
  const record = v as Record<string, Json>;
  const present = list.filter((key) => Object.prototype.hasOwnProperty.call(record, key));
  return `{${present.map((key) => `${jsString(key)}:${replacerJson(record[key], list, num)}`).join(',')}}`;
};

/** The replacer list of the old recipe: `Object.keys(params).sort()`, duplicates dropped as stringify does. */
const replacerList = (v: Json): string[] =>
  v !== null && typeof v === 'object' && !isLosslessNumber(v)
    ? [...new Set(keysOf(v as Record<string, Json>).sort())]
    : [];

const codePoints = (s: string): number[] => Array.from(s, (ch) => ch.codePointAt(0)!);

const byCodePoint = (a: string, b: string): number => {
  const x = codePoints(a);
  const y = codePoints(b);
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

const pythonJson = (v: Json): string => {
  const text = numberText(v);
  if (text !== null) return pythonNumber(text);
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return pythonString(v);
  if (Array.isArray(v)) return `[${v.map(pythonJson).join(',')}]`;
  const record = v as Record<string, Json>;
  const keys = Object.keys(record).sort(byCodePoint);
  return `{${keys.map((key) => `${pythonString(key)}:${pythonJson(record[key])}`).join(',')}}`;
};

type PhpKey = string | bigint;

const PHP_INT_KEY = /^(0|-?[1-9]\d*)$/;
const PHP_NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** A member name as a PHP array key: a decimal integer within 64 bits becomes an integer key. */
const phpKey = (name: string): PhpKey => {
  if (!PHP_INT_KEY.test(name)) return name;
  const n = BigInt(name);
  return n <= INT64_MAX && n >= INT64_MIN ? n : name;
};

const compareBytes = (x: Uint8Array, y: Uint8Array): number => {
  const shorter = Math.min(x.length, y.length);
  for (let i = 0; i < shorter; i += 1) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
};

const utf8Compare = (a: string, b: string): number => compareBytes(utf8Encode(a), utf8Encode(b));

const numericOf = (key: PhpKey): number | null =>
  typeof key === 'bigint' ? Number(key) : PHP_NUMERIC.test(key) ? Number(key) : null;

/** `ksort` with SORT_REGULAR (PHP 8): integers numerically, numeric strings as numbers, other strings byte-wise. */
const phpKeyCompare = (a: PhpKey, b: PhpKey): number => {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = numericOf(a);
  const y = numericOf(b);
  if (x !== null && y !== null) return x < y ? -1 : x > y ? 1 : 0;
  return utf8Compare(String(a), String(b));
};

interface PhpArray {
  readonly entries: ReadonlyArray<readonly [PhpKey, Json]>;
}

const isPhpList = (entries: ReadonlyArray<readonly [PhpKey, Json]>): boolean =>
  entries.every(([key], i) => typeof key === 'bigint' && key === BigInt(i));

const phpArrayOf = (v: Record<string, Json> | ReadonlyArray<Json>): PhpArray => {
  const entries: Array<readonly [PhpKey, Json]> = Array.isArray(v)
    ? v.map((item: Json, i) => [BigInt(i), item] as const)
    : Object.keys(v).map((name) => [phpKey(name), (v as Record<string, Json>)[name]] as const);
  return { entries: [...entries].sort(([a], [b]) => phpKeyCompare(a, b)) };
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const phpJson = (v: Json): string | null => {
  const text = numberText(v);
  if (text !== null) return phpNumber(text);
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return LONE_SURROGATE.test(v) ? null : phpString(v);
  const { entries } = phpArrayOf(v as Record<string, Json>);
  const parts: string[] = [];
  const list = isPhpList(entries);
  for (const [key, value] of entries) {
    if (typeof key === 'string' && LONE_SURROGATE.test(key)) return null;
    const encoded = phpJson(value);
    if (encoded === null) return null;
    parts.push(list ? encoded : `${phpString(String(key))}:${encoded}`);
  }
  return list ? `[${parts.join(',')}]` : `{${parts.join(',')}}`;
};

const exact = (text: string): string => text;

/**
 * The string `recipe` signs for a losslessly parsed body, or null where the recipe's language could
 * not encode it (PHP: an infinite float, or a lone surrogate `json_decode` refuses).
 */
export const serialiseFor = (recipe: SignatureRecipe, body: unknown): string | null => {
  switch (recipe) {
    case 'node-sort-object':
      return sortObjectJson(body, jsNumber);
    case 'node-sort-object-exact':
      return sortObjectJson(body, exact);
    case 'node-key-replacer':
      return replacerJson(body, replacerList(body), jsNumber);
    case 'node-key-replacer-exact':
      return replacerJson(body, replacerList(body), exact);
    case 'php-tksort':
      return phpJson(body);
    case 'python-sort-keys':
      return pythonJson(body);
  }
};
