import * as t from 'io-ts';

/** `codec`, or `null`: a wire field a provider sends as null when it has no value. */
export const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

/** The codecs of `props`, each made `nullable`. */
export type NullableProps<P extends t.Props> = { [K in keyof P]: t.UnionC<[P[K], t.NullC]> };

/** Wire fields a provider may leave out or send as `null`: `t.partial` of each codec made `nullable`. */
export const nullableFields = <P extends t.Props>(props: P, name?: string): t.PartialC<NullableProps<P>> =>
  t.partial(
    Object.fromEntries(
      Object.entries(props).map(([key, codec]) => [key, nullable(codec)]),
    ) as unknown as NullableProps<P>,
    name,
  );
