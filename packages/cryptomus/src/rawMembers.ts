/** One member of a JSON object's top level, as its exact text. */
export interface RawMember {
  /** The member name, decoded. */
  readonly key: string;
  /** The member name as written, quotes and escapes included. */
  readonly keyText: string;
  /** The value as written, nested white space included. */
  readonly valueText: string;
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

const skipSpace = (text: string, at: number): number => {
  let i = at;
  while (isSpace(text[i])) i += 1;
  return i;
};

/** The index just after the string starting at `at` (its opening quote), or -1. */
const stringEnd = (text: string, at: number): number => {
  for (let i = at + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
};

/** The index just after the value starting at `at`, or -1; nested objects and arrays are skipped whole. */
const valueEnd = (text: string, at: number): number => {
  const first = text[at];
  if (first === '"') return stringEnd(text, at);
  if (first !== '{' && first !== '[') {
    let i = at;
    while (i < text.length && !isSpace(text[i]) && text[i] !== ',' && text[i] !== '}') i += 1;
    return i > at ? i : -1;
  }
  let depth = 0;
  for (let i = at; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      i = stringEnd(text, i) - 1;
      if (i < 0) return -1;
    } else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
};

const decodeKey = (keyText: string): string | null => {
  try {
    const key: unknown = JSON.parse(keyText);
    return typeof key === 'string' ? key : null;
  } catch {
    return null;
  }
};

/**
 * The top-level members of a JSON object text in order, each name and value exactly as written; null
 * when the text is not one JSON object. Meant for text already parsed as JSON: it checks structure, not
 * every token.
 */
export const topLevelMembers = (text: string): ReadonlyArray<RawMember> | null => {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return null;
  i = skipSpace(text, i + 1);
  const members: RawMember[] = [];
  if (text[i] === '}') return skipSpace(text, i + 1) === text.length ? members : null;
  for (;;) {
    if (text[i] !== '"') return null;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return null;
    const keyText = text.slice(i, keyEnd);
    const key = decodeKey(keyText);
    i = skipSpace(text, keyEnd);
    if (key === null || text[i] !== ':') return null;
    const start = skipSpace(text, i + 1);
    const end = valueEnd(text, start);
    if (end < 0) return null;
    members.push({ key, keyText, valueText: text.slice(start, end) });
    i = skipSpace(text, end);
    if (text[i] === '}') return skipSpace(text, i + 1) === text.length ? members : null;
    if (text[i] !== ',') return null;
    i = skipSpace(text, i + 1);
  }
};
