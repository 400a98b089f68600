import * as t from 'io-ts';
import { isRecord } from './guards';
import { plainJson } from './json';

/** A decoded wire value beside what it was decoded from, as plain JSON (numbers as their digit text), for `raw`. */
export interface WithRaw<A> {
  readonly wire: A;
  readonly raw: unknown;
}

/** `codec`, keeping the plain-JSON form of its input beside the decoded value; issues keep their paths. */
export const withRaw = <A, O>(codec: t.Type<A, O, unknown>): t.Type<WithRaw<A>, O, unknown> =>
  new t.Type<WithRaw<A>, O, unknown>(
    `WithRaw<${codec.name}>`,
    (u): u is WithRaw<A> => isRecord(u) && 'raw' in u && codec.is(u.wire),
    (u, c) => {
      const decoded = codec.validate(u, t.appendContext(c, '', codec, u));
      return decoded._tag === 'Left' ? decoded : t.success({ wire: decoded.right, raw: plainJson(u) });
    },
    ({ wire }) => codec.encode(wire),
  );
