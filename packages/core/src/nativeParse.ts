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
  /** Native `JSON.parse` reads this text exactly as lossless-json would (see `nativeParseIsExact`). */
  readonly nativeExact: boolean;
  /** The deepest nesting of objects and arrays. */
  readonly depth: number;
  /** Some object has a member named `__proto__` (in any escaped spelling). */
  readonly protoKey: boolean;
}

const keyText = (token: string): string => {
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    return String(JSON.parse(token));
  } catch {
    return token;
  }
};

/** Scans JSON text once for number exactness, nesting depth and `__proto__` members. */
export const scanJson = (text: string): JsonScan => {
  const keysByDepth: Array<Set<string> | null> = [];
  let nativeExact = true;
  let depth = 0;
  let protoKey = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let end = text.indexOf('"', start + 1);
      while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      i = end === -1 ? text.length : end + 1;
      let next = i;
      while (next < text.length && isWhitespace(text.charCodeAt(next))) next += 1;
      const keys = keysByDepth[keysByDepth.length - 1];
      if (text.charCodeAt(next) === COLON && keys) {
        const token = text.slice(start, i);
        if (token.includes('\\') || keys.has(token)) nativeExact = false;
        if (keyText(token) === '__proto__') protoKey = true;
        keys.add(token);
      }
    } else if (isNumberStart(c)) {
      const start = i;
      i += 1;
      while (i < text.length && isNumberPart(text.charCodeAt(i))) i += 1;
      const token = text.slice(start, i);
      if (nativeExact && String(Number(token)) !== token) nativeExact = false;
    } else {
      if (c === OPEN_OBJECT) keysByDepth.push(new Set());
      else if (c === OPEN_ARRAY) keysByDepth.push(null);
      else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) keysByDepth.pop();
      if (keysByDepth.length > depth) depth = keysByDepth.length;
      i += 1;
    }
  }
  return { nativeExact, depth, protoKey };
};

/**
 * True when native `JSON.parse` reads this text exactly as lossless-json would: every number token
 * reads back as the same text from a double (`826900`, `0.034187`; not `100.0`, `1.49e-06`, `-0`
 * or integers beyond 2^53) and no object repeats a key (nor spells one with escapes).
 */
export const nativeParseIsExact = (text: string): boolean => scanJson(text).nativeExact;
