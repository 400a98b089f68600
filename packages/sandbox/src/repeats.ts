type PlainRecord = Readonly<Record<string, unknown>>;

const isPlainRecord = (u: unknown): u is PlainRecord =>
  typeof u === 'object' && u !== null && Object.getPrototypeOf(u) === Object.prototype;

const sameKeys = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length === b.length && a.every((key, i) => key === b[i]);

/** Equal as a stored value: the same primitive, or plain records with the same keys in the same order and the same primitive values. */
const same = (a: unknown, b: unknown): boolean =>
  a === b ||
  (isPlainRecord(a) &&
    isPlainRecord(b) &&
    sameKeys(Object.keys(a), Object.keys(b)) &&
    Object.keys(a).every((key) => a[key] === b[key]));

/**
 * Keeps one copy of what plain records repeat from one to the next: each call gives a copy of `record`
 * whose fields equal to the previous record's (the same text, or a nested record with the same values)
 * are that record's own values, so a run of requests with the same title, URLs or e-mail holds each once.
 */
export const repeatsKeeper = <A extends object>(): ((record: A) => A) => {
  let last: Record<string, unknown> | undefined;
  return (record) => {
    const kept = { ...record } as Record<string, unknown>;
    const previous = last;
    if (previous !== undefined)
      for (const key of Object.keys(kept)) if (same(previous[key], kept[key])) kept[key] = previous[key];
    last = kept;
    return kept as A;
  };
};
