import { repeatsKeeper } from '../src/repeats';

interface Row {
  readonly title: string;
  readonly amount: string | null;
  readonly sender: { readonly first: string; readonly last: string } | null;
}

describe('repeatsKeeper', () => {
  it('gives a copy with the same values, leaving the record it was given as it was', () => {
    const keep = repeatsKeeper<Row>();
    const row: Row = { title: 'a', amount: '1.00', sender: { first: 'F', last: 'M' } };
    const kept = keep(row);
    expect(kept).toEqual({ title: 'a', amount: '1.00', sender: { first: 'F', last: 'M' } });
    expect(Object.keys(kept)).toEqual(['title', 'amount', 'sender']);
    expect(kept).not.toBe(row);
    expect(row).toEqual({ title: 'a', amount: '1.00', sender: { first: 'F', last: 'M' } });
  });

  it("keeps the previous record's nested record when it has the same keys and values", () => {
    const keep = repeatsKeeper<Row>();
    const first = keep({ title: 'a', amount: null, sender: { first: 'F', last: 'M' } });
    const second = keep({ title: 'a', amount: null, sender: { first: 'F', last: 'M' } });
    expect(second.sender).toBe(first.sender);
    const third = keep({ title: 'b', amount: '2', sender: { first: 'F', last: 'M' } });
    expect(third).toEqual({ title: 'b', amount: '2', sender: { first: 'F', last: 'M' } });
    expect(third.sender).toBe(first.sender);
  });

  it('keeps a nested record of its own when a value or the order of its keys differs', () => {
    const keep = repeatsKeeper<Row>();
    const first = keep({ title: 'a', amount: null, sender: { first: 'F', last: 'M' } });
    const other = keep({ title: 'a', amount: null, sender: { first: 'F', last: 'N' } });
    expect(other.sender).toEqual({ first: 'F', last: 'N' });
    expect(other.sender).not.toBe(first.sender);
    const reordered = keep({ title: 'a', amount: null, sender: { last: 'N', first: 'F' } });
    expect(Object.keys(reordered.sender!)).toEqual(['last', 'first']);
    expect(reordered.sender).not.toBe(other.sender);
    const none = keep({ title: 'a', amount: null, sender: null });
    expect(none.sender).toBeNull();
  });
});
