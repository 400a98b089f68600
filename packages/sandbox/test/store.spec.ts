import { createStore } from '../src/store';

interface Row {
  readonly id: string;
  readonly orderId: string;
  readonly code: string | undefined;
  readonly version: number;
}

/** A small deterministic generator (mulberry32), so every run replays the same operations. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const indexed = () =>
  createStore<Row, 'orderId' | 'code'>({ orderId: (r) => r.orderId, code: (r) => r.code });

describe('createStore indexes', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'answers every lookup as a scan of all() does, over random puts and updates (seed %i)',
    (seed) => {
      const next = random(seed);
      const pick = (n: number) => Math.floor(next() * n);
      const store = indexed();
      const versions = new Map<string, Row>();
      for (let step = 0; step < 400; step++) {
        const id = `inv_${pick(60)}`;
        const known = versions.get(id);
        const row: Row =
          known === undefined
            ? {
                id,
                orderId: `order_${pick(40)}`,
                code: next() < 0.2 ? undefined : `c${pick(40)}`,
                version: 0,
              }
            : { ...known, version: known.version + 1 };
        versions.set(id, row);
        expect(store.put(id, row)).toBe(row);
        const key = `order_${pick(45)}`;
        const code = `c${pick(45)}`;
        expect(store.by('orderId', key)).toBe(store.all().find((r) => r.orderId === key));
        expect(store.by('code', code)).toBe(store.all().find((r) => r.code === code));
        expect(store.get(id)).toBe(row);
      }
    },
  );

  it.each([
    ['an empty store', [], 'orderId', 'o1', undefined],
    ['the only invoice with the key', [['a', 'o1']], 'orderId', 'o1', 'a'],
    [
      'the first of two invoices sharing a key',
      [
        ['a', 'o1'],
        ['b', 'o1'],
      ],
      'orderId',
      'o1',
      'a',
    ],
    ['no invoice for another key', [['a', 'o1']], 'orderId', 'o2', undefined],
    ['nothing for an invoice without a code', [['a', 'o1']], 'code', 'undefined', undefined],
  ] as const)('finds %s', (_, rows, index, key, id) => {
    const store = indexed();
    rows.forEach(([rowId, orderId]) => store.put(rowId, { id: rowId, orderId, code: undefined, version: 0 }));
    expect(store.by(index, key)?.id).toBe(id);
  });

  it('moves an invoice whose key changed and keeps its place in all()', () => {
    const store = indexed();
    store.put('a', { id: 'a', orderId: 'o1', code: 'x', version: 0 });
    store.put('b', { id: 'b', orderId: 'o2', code: 'y', version: 0 });
    store.put('a', { id: 'a', orderId: 'o3', code: 'x', version: 1 });
    expect(store.by('orderId', 'o1')).toBeUndefined();
    expect(store.by('orderId', 'o3')?.version).toBe(1);
    expect(store.by('code', 'x')?.version).toBe(1);
    expect(store.all().map((r) => r.id)).toEqual(['a', 'b']);
  });
});
