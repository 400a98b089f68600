import { LosslessNumber } from 'lossless-json';
import { isDigitAt } from './decimal';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const hasBackslash = (text: string, from: number, to: number): boolean => {
  for (let k = from; k < to; k += 1) if (text.charCodeAt(k) === BACKSLASH) return true;
  return false;
};

const isNumberStart = (c: number): boolean => c === MINUS || (c >= ZERO && c <= NINE);

const isNumberPart = (c: number): boolean =>
  (c >= ZERO && c <= NINE) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;

const isEscaped = (text: string, quote: number): boolean => {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
  return backslashes % 2 === 1;
};

const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** What one pass over JSON text tells before it is parsed. */
export interface JsonScan {
  /** The deepest nesting of objects and arrays, counted up to one past `maxDepth`. */
  readonly depth: number;
  /** Some object has a member named `__proto__` (in any escaped spelling). */
  readonly protoKey: boolean;
  /** The text of every number, in text order. */
  readonly numbers: ReadonlyArray<string>;
  /** How many object members the text has, duplicates included. */
  readonly members: number;
  /** Some member name is all digits: `JSON.parse` puts such keys first, so key order is not text order. */
  readonly digitKey: boolean;
}

const PROTO = '__proto__';

const decodedKey = (token: string): string => {
  try {
    return String(JSON.parse(token));
  } catch {
    return token;
  }
};

const isDigitText = (key: string): boolean => /^\d+$/.test(key);

// Which open levels are objects, by depth; level 0 is never written, and every other level is written
// when it opens, before it is read, so one array serves every scan.
let objectLevels = new Uint8Array(0);

/**
 * Scans JSON text once for nesting depth, `__proto__` members, member names that are all digits,
 * the member count and the text of every number; it stops once the text nests deeper than `maxDepth`.
 */
export const scanJson = (text: string, maxDepth: number): JsonScan => {
  const numbers: string[] = [];
  if (objectLevels.length < maxDepth + 2) objectLevels = new Uint8Array(maxDepth + 2);
  const inObject = objectLevels;
  const mayEscape = text.includes('\\');
  const length = text.length;
  let depth = 0;
  let deepest = 0;
  let members = 0;
  let protoKey = false;
  let digitKey = false;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = text.indexOf('"', i + 1);
      while (mayEscape && end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end === -1) break;
      let next = end + 1;
      while (next < length && isWhitespace(text.charCodeAt(next))) next += 1;
      if (inObject[depth] === 1 && text.charCodeAt(next) === COLON) {
        next += 1;
        members += 1;
        if (mayEscape && hasBackslash(text, i + 1, end)) {
          const key = decodedKey(text.slice(i, end + 1));
          if (key === PROTO) protoKey = true;
          if (isDigitText(key)) digitKey = true;
        } else {
          if (end - i - 1 === PROTO.length && text.startsWith(PROTO, i + 1)) protoKey = true;
          if (isDigitAt(text, i + 1) && isDigitText(text.slice(i + 1, end))) digitKey = true;
        }
      }
      i = next;
    } else if (isNumberStart(c)) {
      const start = i;
      i += 1;
      while (i < length && isNumberPart(text.charCodeAt(i))) i += 1;
      numbers.push(text.slice(start, i));
    } else {
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        depth += 1;
        if (depth > deepest) deepest = depth;
        if (deepest > maxDepth) break;
        inObject[depth] = c === OPEN_OBJECT ? 1 : 0;
      } else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && depth > 0) {
        depth -= 1;
      }
      i += 1;
    }
  }
  return { depth: deepest, protoKey, numbers, members, digitKey };
};

/**
 * A `LosslessNumber` of number text `JSON.parse` already read: made without lossless-json's constructor,
 * which would test the text against the number grammar again (a regular expression per number).
 */
const parsedNumber = (text: string): LosslessNumber => {
  const number = Object.create(LosslessNumber.prototype) as { value: string; isLosslessNumber: boolean };
  number.value = text;
  number.isLosslessNumber = true;
  return number as LosslessNumber;
};

/**
 * Replaces the numbers `JSON.parse` read with `LosslessNumber`s of the given texts, in text order,
 * counting members; a key inherited from a tampered `Object.prototype` is counted too, so the count
 * no longer matches the scan and lossless-json reads the text.
 */
class NumberRestorer {
  private next = 0;
  private members = 0;

  constructor(private readonly numbers: ReadonlyArray<string>) {}

  restore(value: unknown): unknown {
    if (typeof value === 'number') return parsedNumber(this.numbers[this.next++]!);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const item: unknown = value[i];
        if (typeof item === 'number') value[i] = this.restore(item);
        else if (typeof item === 'object' && item !== null) this.restore(item);
      }
      return value;
    }
    const record = value as Record<string, unknown>;
    for (const key in record) {
      this.members += 1;
      const member = record[key];
      if (typeof member === 'number') record[key] = this.restore(member);
      else if (typeof member === 'object' && member !== null) this.restore(member);
    }
    return value;
  }

  /** Every number was placed and every member kept: no key repeated, so nothing was dropped. */
  matches(scan: JsonScan): boolean {
    return this.next === scan.numbers.length && this.members === scan.members;
  }
}

/**
 * Reads scanned JSON text with native `JSON.parse` and puts back every number's own text, or returns
 * undefined where that could differ from lossless-json: text `JSON.parse` refuses, a repeated key
 * (`JSON.parse` keeps the last, lossless-json refuses it), or a member name of digits (its order moves).
 */
export const parseNatively = (text: string, scan: JsonScan): unknown => {
  if (scan.digitKey) return undefined;
  try {
    const restorer = new NumberRestorer(scan.numbers);
    const value = restorer.restore(JSON.parse(text));
    return restorer.matches(scan) ? value : undefined;
  } catch {
    return undefined;
  }
};
