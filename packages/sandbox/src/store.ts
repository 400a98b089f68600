/** Derives one lookup key of an invoice (its order id, its page code…); `undefined` when it has none. */
export type IndexKey<A> = (invoice: A) => string | undefined;

/** An in-memory table of one provider's invoices, keyed by the provider's id, with optional secondary indexes. */
export interface Store<A, K extends string = never> {
  get(id: string): A | undefined;
  /** The first invoice stored whose `index` key is `key`, as a scan of `all()` finds it, in constant time. */
  by(index: K, key: string): A | undefined;
  put(id: string, invoice: A): A;
  all(): ReadonlyArray<A>;
}

/**
 * Creates an empty in-memory table; each entry of `indexes` names a key an invoice is looked up by. An
 * invoice's index keys are read when it is put; a key that changes moves the invoice to the new key.
 */
export const createStore = <A, K extends string = never>(
  indexes: Readonly<Record<K, IndexKey<A>>> = {} as Record<K, IndexKey<A>>,
): Store<A, K> => {
  const rows = new Map<string, A>();
  const names = Object.keys(indexes) as K[];
  const tables = new Map<K, Map<string, string>>(names.map((name) => [name, new Map()]));

  const reindex = (id: string, before: A | undefined, after: A): void => {
    for (const name of names) {
      const table = tables.get(name)!;
      const keyOf = indexes[name];
      const old = before === undefined ? undefined : keyOf(before);
      const next = keyOf(after);
      if (old === next) continue;
      if (old !== undefined && table.get(old) === id) table.delete(old);
      if (next !== undefined && !table.has(next)) table.set(next, id);
    }
  };

  return {
    get: (id) => rows.get(id),
    by: (index, key) => {
      const id = tables.get(index)?.get(key);
      return id === undefined ? undefined : rows.get(id);
    },
    put: (id, invoice) => {
      const before = rows.get(id);
      rows.set(id, invoice);
      reindex(id, before, invoice);
      return invoice;
    },
    all: () => [...rows.values()],
  };
};
