import * as t from 'io-ts';
import { compiledAs, NOT_DECODED, readerOf, type Reader } from './compiled';
import { isRecord } from './guards';
import { plainJson } from './json';

/** A decoded wire value beside what it was decoded from, as plain JSON (numbers as their digit text), for `raw`. */
export interface WithRaw<A> {
  readonly wire: A;
  readonly raw: unknown;
}

const built = new WeakMap<object, t.Mixed>();

/**
 * `codec`, keeping the plain-JSON form of its input beside the decoded value; issues keep their paths.
 * It reads through `codec`'s compiled reader, so even its own `decode` skips io-ts's contexts on
 * success, and it is built once per codec, so building it per call costs a lookup.
 */
export const withRaw = <A, O>(codec: t.Type<A, O, unknown>): t.Type<WithRaw<A>, O, unknown> => {
  const known = built.get(codec);
  if (known !== undefined) return known as t.Type<WithRaw<A>, O, unknown>;
  const made = buildWithRaw(codec);
  built.set(codec, made);
  return made;
};

const buildWithRaw = <A, O>(codec: t.Type<A, O, unknown>): t.Type<WithRaw<A>, O, unknown> => {
  let read: Reader | undefined;
  const readWithRaw = (u: unknown): WithRaw<A> | typeof NOT_DECODED => {
    read ??= readerOf(codec);
    const wire = read(u);
    return wire === NOT_DECODED ? NOT_DECODED : { wire: wire as A, raw: plainJson(u) };
  };
  return compiledAs(
    new t.Type<WithRaw<A>, O, unknown>(
      `WithRaw<${codec.name}>`,
      (u): u is WithRaw<A> => isRecord(u) && 'raw' in u && codec.is(u.wire),
      (u, c) => {
        const decoded = readWithRaw(u);
        if (decoded !== NOT_DECODED) return t.success(decoded);
        const slow = codec.validate(u, t.appendContext(c, '', codec, u));
        return slow._tag === 'Left' ? slow : t.success({ wire: slow.right, raw: plainJson(u) });
      },
      ({ wire }) => codec.encode(wire),
    ),
    () => readWithRaw,
  );
};
