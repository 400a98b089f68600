import * as t from 'io-ts';
import type { Issue } from './errors';

const isUnionMemberKey = (entry: t.ContextEntry, parent: t.ContextEntry | undefined): boolean =>
  parent !== undefined &&
  (parent.type instanceof t.UnionType || parent.type instanceof t.IntersectionType) &&
  /^\d+$/.test(entry.key);

const pathOf = (context: t.Context): string =>
  context
    .filter((entry, i) => entry.key !== '' && !isUnionMemberKey(entry, context[i - 1]))
    .map((entry) => entry.key)
    .join('.');

/** The values a codec accepts, when it is a closed set of them (`t.keyof`, literals, `t.null`, unions of these). */
const valuesOf = (type: t.Decoder<unknown, unknown>): ReadonlyArray<string> | undefined => {
  if (type instanceof t.KeyofType) return Object.keys(type.keys as object);
  if (type instanceof t.LiteralType) return [String(type.value)];
  if (type instanceof t.NullType) return ['null'];
  if (type instanceof t.BooleanType) return ['true', 'false'];
  if (type instanceof t.UnionType) {
    const members = (type.types as ReadonlyArray<t.Mixed>).map(valuesOf);
    return members.every((values) => values !== undefined) ? members.flat() : undefined;
  }
  return undefined;
};

/** What a codec expects, in words a user knows: never its internal name. */
const expectedOf = (type: t.Decoder<unknown, unknown>): string => {
  if (type instanceof t.LiteralType) return JSON.stringify(type.value);
  const values = valuesOf(type);
  if (values !== undefined) {
    return values.length === 1
      ? `${values[0]}`
      : values.length === 2
        ? values.join(' or ')
        : `one of ${values.join(', ')}`;
  }
  if (type instanceof t.StringType) return 'a string';
  if (type instanceof t.NumberType) return 'a number';
  if (type instanceof t.ArrayType || type instanceof t.ReadonlyArrayType) return 'a list';
  if (
    type instanceof t.InterfaceType ||
    type instanceof t.PartialType ||
    type instanceof t.ExactType ||
    type instanceof t.IntersectionType ||
    type instanceof t.DictionaryType
  ) {
    return 'an object';
  }
  if (type instanceof t.UnionType) {
    return (type.types as ReadonlyArray<t.Mixed>).map(expectedOf).join(' or ');
  }
  return 'a valid value here';
};

/** The codec an error is about: the union a failing member belongs to, so the message lists every choice. */
const failingType = (context: t.Context): t.Decoder<unknown, unknown> | undefined => {
  const last = context[context.length - 1];
  const parent = context[context.length - 2];
  return last !== undefined && parent?.type instanceof t.UnionType && isUnionMemberKey(last, parent)
    ? parent.type
    : last?.type;
};

const describeFailure = (error: t.ValidationError): string => {
  if (error.message !== undefined) return error.message;
  if (error.value === undefined) return 'is required';
  const type = failingType(error.context);
  return `must be ${type === undefined ? 'a valid value here' : expectedOf(type)}`;
};

/** Turns io-ts errors into `{path, message}` issues; the offending values are never included. */
export const reportIssues = (errors: t.Errors): ReadonlyArray<Issue> => {
  const seen = new Set<string>();
  return errors
    .map((error) => ({ path: pathOf(error.context), message: describeFailure(error) }))
    .filter((issue) => {
      const key = `${issue.path}\u0000${issue.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
};
