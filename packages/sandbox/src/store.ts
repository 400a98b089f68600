/** An in-memory table of one provider's invoices, keyed by the provider's id. */
export interface Store<A> {
  get(id: string): A | undefined;
  put(id: string, invoice: A): A;
  all(): ReadonlyArray<A>;
}

/** Creates an empty in-memory table. */
export const createStore = <A>(): Store<A> => {
  const rows = new Map<string, A>();
  return {
    get: (id) => rows.get(id),
    put: (id, invoice) => {
      rows.set(id, invoice);
      return invoice;
    },
    all: () => [...rows.values()],
  };
};
