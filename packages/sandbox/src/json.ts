import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { isLosslessNumber, LosslessNumber, parse, stringify } from 'lossless-json';

export { isLosslessNumber, LosslessNumber };

/** The deepest nesting of objects and arrays the sandbox reads: PHP `json_decode`'s default depth. */
export const MAX_JSON_DEPTH = 512;

const nestingDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, (depth += 1));
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
};

const hasProtoMember = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(hasProtoMember)
    : typeof value === 'object' && value !== null && !isLosslessNumber(value)
      ? Object.keys(value).some(
          (key) => key === '__proto__' || hasProtoMember((value as Record<string, unknown>)[key]),
        )
      : false;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : 'invalid JSON');

/**
 * Parses request JSON with every number kept as its exact digits (or read by `parseNumber`). Text
 * nested deeper than `MAX_JSON_DEPTH` or holding a `__proto__` member (in any escaped spelling) is refused.
 */
export const readJson = (
  text: string,
  parseNumber: (digits: string) => unknown = (digits) => new LosslessNumber(digits),
): E.Either<string, unknown> =>
  pipe(
    nestingDepth(text) > MAX_JSON_DEPTH
      ? E.left(`nested deeper than ${MAX_JSON_DEPTH} levels`)
      : E.right(text),
    E.flatMap((json) => E.tryCatch((): unknown => parse(json, null, parseNumber), messageOf)),
    E.filterOrElse(
      (value) => !hasProtoMember(value),
      () => 'a member is named "__proto__"',
    ),
  );

/** Serializes a response or webhook body once; `LosslessNumber`s are written as their exact digits. */
export const writeJson = (value: unknown): string => stringify(value) ?? 'null';
