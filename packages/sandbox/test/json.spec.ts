import * as E from 'fp-ts/Either';
import { isLosslessNumber, MAX_JSON_DEPTH, readJson, writeJson } from '../src/json';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('readJson', () => {
  it('keeps every number as its exact digits', () => {
    const parsed = readJson('{"amount":12345678.123456789,"fee":1.49e-06,"big":1e999999999}');
    expect(E.isRight(parsed)).toBe(true);
    const value = E.getOrElseW(() => ({}))(parsed) as Record<string, unknown>;
    expect(Object.values(value).every(isLosslessNumber)).toBe(true);
    expect(Object.values(value).map(String)).toEqual(['12345678.123456789', '1.49e-06', '1e999999999']);
  });

  it(`reads nesting up to ${MAX_JSON_DEPTH} levels and refuses deeper text without recursing`, () => {
    expect(E.isRight(readJson(nested(MAX_JSON_DEPTH)))).toBe(true);
    expect(readJson(nested(MAX_JSON_DEPTH + 1))).toEqual(
      E.left(`nested deeper than ${MAX_JSON_DEPTH} levels`),
    );
    expect(E.isLeft(readJson(`{"a":${nested(100_000)}}`))).toBe(true);
  });

  it('counts brackets inside strings as text', () => {
    expect(E.isRight(readJson(JSON.stringify({ title: '['.repeat(10_000), quote: '\\"[' })))).toBe(true);
  });

  it.each([
    ['a plain member', '{"__proto__":{"polluted":true}}'],
    ['an escaped spelling', '{"\\u005f_proto__":{"polluted":true}}'],
    ['a nested member', '{"sender_data":[{"__proto__":{"amount":-5}}]}'],
  ])('refuses %s named __proto__', (_label, text) => {
    expect(readJson(text)).toEqual(E.left('a member is named "__proto__"'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each(['{"title":', '[1,2', '{"a":1,"a":2}', ''])('refuses invalid JSON %j', (text) => {
    expect(E.isLeft(readJson(text))).toBe(true);
  });

  it('reads numbers natively when asked', () => {
    expect(readJson('{"ms":250}', Number)).toEqual(E.right({ ms: 250 }));
  });
});

describe('writeJson', () => {
  it('writes lossless numbers as their digits', () => {
    const parsed = readJson('{"amount":0.30000000000000004,"list":[1e-7]}');
    expect(E.map(writeJson)(parsed)).toEqual(E.right('{"amount":0.30000000000000004,"list":[1e-7]}'));
  });
});
