import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { nullable, nullableFields } from '../src/adapter';

describe('nullable', () => {
  it('accepts the value or null, nothing else', () => {
    const codec = nullable(t.string);
    expect(codec.decode('a')).toEqual(E.right('a'));
    expect(codec.decode(null)).toEqual(E.right(null));
    expect(E.isLeft(codec.decode(undefined))).toBe(true);
    expect(E.isLeft(codec.decode(1))).toBe(true);
  });
});

describe('nullableFields', () => {
  const Fields = nullableFields({ id: t.string, count: t.number }, 'Fields');

  it('accepts each field absent, null or of its codec', () => {
    expect(Fields.decode({})).toEqual(E.right({}));
    expect(Fields.decode({ id: null, count: 2 })).toEqual(E.right({ id: null, count: 2 }));
    expect(Fields.name).toBe('Fields');
  });

  it('refuses a field of another type', () => {
    expect(E.isLeft(Fields.decode({ id: 5 }))).toBe(true);
  });
});
