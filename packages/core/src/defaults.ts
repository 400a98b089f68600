import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { closedObject, type ObjectCodec } from './fields';
import { isRecord } from './guards';

const fieldNames = (codec: ObjectCodec): string[] =>
  codec instanceof t.IntersectionType ? codec.types.flatMap(fieldNames) : Object.keys(codec.props);

const sameFields = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].every((key) => Object.is(a[key], b[key]));

/**
 * A configuration codec that checks and completes in one step: it reads `fields` as a closed object
 * (a misspelt field is refused) and fills the defaults with `fill`. A value is such a configuration
 * when filling leaves it unchanged; it encodes back to the fields a merchant writes.
 */
export const configWithDefaults = <C extends ObjectCodec, A extends t.TypeOf<C>>(
  name: string,
  fields: C,
  fill: (input: t.TypeOf<C>) => A,
): t.Type<A, t.OutputOf<C>, unknown> => {
  const input = closedObject(fields);
  const names = fieldNames(fields);
  return new t.Type<A, t.OutputOf<C>, unknown>(
    name,
    (u): u is A => input.is(u) && isRecord(u) && sameFields(fill(u), u),
    (u, c) => pipe(input.validate(u, c), E.map(fill)),
    (config) =>
      input.encode(
        Object.fromEntries(
          names.filter((key) => key in config).map((key) => [key, (config as Record<string, unknown>)[key]]),
        ) as t.TypeOf<C>,
      ),
  );
};
