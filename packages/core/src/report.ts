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

const describeFailure = (error: t.ValidationError): string => {
  if (error.message !== undefined) return error.message;
  if (error.value === undefined) return 'is required';
  const expected = error.context[error.context.length - 1]?.type.name ?? 'a valid value';
  return `must be ${expected}`;
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
