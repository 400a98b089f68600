import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import type { Issue } from '../src';
import { reportIssues } from '../src/adapter';

const issuesOf = (codec: t.Mixed, value: unknown): ReadonlyArray<Issue> => {
  const result = codec.decode({ field: value });
  return E.isLeft(result) ? reportIssues(result.left) : [];
};

const field = (codec: t.Mixed) => t.type({ field: codec }, 'InternalCodecName');

describe('reportIssues names what is expected in the user’s words, never a codec name', () => {
  it.each<[string, t.Mixed, unknown, string]>([
    [
      'a t.keyof of two',
      t.keyof({ production: null, sandbox: null }, 'CoinspaidEnvironment'),
      'test',
      'must be production or sandbox',
    ],
    ['a t.keyof of more', t.keyof({ a: null, b: null, c: null }, 'Letters'), 'd', 'must be one of a, b, c'],
    ['a literal', t.literal('cryptocloud'), 'stripe', 'must be "cryptocloud"'],
    ['a boolean', t.boolean, 'yes', 'must be true or false'],
    [
      'a union of a keyof and null',
      t.union([t.keyof({ underpaid: null, other: null }), t.null], 'FailureReason'),
      'late',
      'must be one of underpaid, other, null',
    ],
    ['a string', t.string, 3, 'must be a string'],
    ['a number', t.number, 'three', 'must be a number'],
    ['an object', t.type({ a: t.string }, 'CoinspaidDefaults'), 'x', 'must be an object'],
    ['a list', t.array(t.string, 'Currencies'), 'BTC', 'must be a list'],
    ['a union of shapes', t.union([t.string, t.number], 'IdLike'), true, 'must be a string or a number'],
    ['a codec with no words of its own', t.Int, 1.5, 'must be a valid value here'],
  ])('%s', (_label, codec, value, message) => {
    expect(issuesOf(field(codec), value)).toEqual([{ path: 'field', message }]);
  });

  it('says a missing value is required', () => {
    expect(issuesOf(field(t.string), undefined)).toEqual([{ path: 'field', message: 'is required' }]);
  });
});
