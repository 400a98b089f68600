import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { jsonText } from '../src/json';

const NUL = String.fromCharCode(0);

/** The stored JSON as the ledger wrote it with a per-value replacer: every NUL in a string or a key as U+FFFD. */
const replaced = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (_key, field: unknown) => {
      if (typeof field === 'string') return field.replaceAll(NUL, '\ufffd');
      return typeof field === 'object' && field !== null && !Array.isArray(field)
        ? Object.fromEntries(Object.entries(field).map(([k, v]) => [k.replaceAll(NUL, '\ufffd'), v]))
        : field;
    }) ?? 'null',
  );

const text = fc.string({ unit: fc.constantFrom('a', '\\', 'u', '0', NUL, '"', '\ufffd', '\n', 'é') });

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value')),
    fc.dictionary(text, tie('value')),
  ),
})).value;

const stored = (value: unknown): unknown => {
  const result = jsonText(value);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return JSON.parse(result.right);
};

describe('jsonText', () => {
  it('stores what a replacer rewriting each NUL stored, for any JSON value', () => {
    fc.assert(
      fc.property(json, (value) => expect(stored(value)).toEqual(replaced(value))),
      { numRuns: 2000 },
    );
  });

  it('rewrites a NUL in a string and in a key, and leaves an escaped backslash before "u0000" alone', () => {
    expect(stored({ [`a${NUL}`]: `x${NUL}y`, b: '\\u0000', c: `\\${NUL}` })).toEqual({
      'a\ufffd': 'x\ufffdy',
      b: '\\u0000',
      c: '\\\ufffd',
    });
  });

  it('stores a bigint as its digits, nested or not', () => {
    expect(stored({ amount: 12345678901234567890n, list: [1n] })).toEqual({
      amount: '12345678901234567890',
      list: ['1'],
    });
  });

  it('gives a StorageFailed for a value JSON cannot hold', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(jsonText(loop)).toMatchObject({ _tag: 'Left', left: { _tag: 'StorageFailed' } });
  });
});
