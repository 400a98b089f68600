import { format, inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import { PathReporter } from 'io-ts/PathReporter';
import { expectRight } from '@invoicekit/testkit';
import { Secret, secret } from '../src';
import { reportIssues, SecretFromString } from '../src/adapter';

const VALUE = 'sk_live_9f8e7d6c5b4a';

describe('Secret', () => {
  const key = secret(VALUE);

  it('reveals the value only through reveal()', () => {
    expect(key.reveal()).toBe(VALUE);
    expect(key).toBeInstanceOf(Secret);
  });

  it.each<[string, () => string]>([
    ['String()', () => String(key)],
    ['a template literal', () => `${key}`],
    ['concatenation', () => 'key=' + key],
    ['JSON.stringify', () => JSON.stringify(key)],
    ['JSON.stringify of an object', () => JSON.stringify({ config: { apiKey: key } })],
    ['util.inspect', () => inspect(key)],
    [
      'util.inspect with depth null and showHidden',
      () => inspect({ a: [{ key }] }, { depth: null, showHidden: true }),
    ],
    ['util.format %s %o %j', () => format('%s %o %j', key, { key }, { key })],
    ['Object.keys', () => Object.keys(key).join(',')],
  ])('is redacted by %s', (_label, print) => {
    const printed = print();
    expect(printed).not.toContain(VALUE);
  });

  it('prints [redacted] in every form', () => {
    expect(String(key)).toBe('[redacted]');
    expect(`${key}`).toBe('[redacted]');
    expect(JSON.stringify({ apiKey: key })).toBe('{"apiKey":"[redacted]"}');
    expect(inspect(key, { depth: null, showHidden: true })).toBe('[redacted]');
    expect(inspect({ apiKey: key }, { depth: null, showHidden: true })).toBe('{ apiKey: [redacted] }');
  });

  it("answers [redacted] to Node's and Deno's inspect hooks, registered symbols found without node:util", () => {
    const hook = (name: string): unknown =>
      (key as unknown as Record<symbol, () => unknown>)[Symbol.for(name)]?.();
    expect(hook('nodejs.util.inspect.custom')).toBe('[redacted]');
    expect(hook('Deno.customInspect')).toBe('[redacted]');
  });
});

describe('SecretFromString', () => {
  it('decodes a non-empty string into a Secret', () => {
    const decoded = expectRight(SecretFromString.decode(VALUE));
    expect(decoded.reveal()).toBe(VALUE);
    expect(SecretFromString.is(decoded)).toBe(true);
  });

  it('passes a Secret through and encodes back to the string', () => {
    const key = secret(VALUE);
    expect(expectRight(SecretFromString.decode(key))).toBe(key);
    expect(SecretFromString.encode(key)).toBe(VALUE);
  });

  it.each([
    ['an empty string', ''],
    ['a blank string', '   \t'],
    ['a number', 123456789],
    ['null', null],
    ['undefined', undefined],
  ])('fails on %s without echoing the value', (_label, value) => {
    const result = SecretFromString.decode(value);
    if (E.isRight(result)) throw new Error('expected a failure');
    expect(reportIssues(result.left)).toEqual([{ path: '', message: 'must be a non-empty string' }]);
    expect(result.left.map((e) => e.value)).toEqual(['[redacted]']);
    expect(PathReporter.report(result)).toEqual(['must be a non-empty string']);
  });

  it('does not echo a rejected number credential through the error value or message', () => {
    const result = SecretFromString.decode(987654321);
    if (E.isRight(result)) throw new Error('expected a failure');
    const printed = result.left.map((e) => `${String(e.value)} ${e.message}`).join(' ');
    expect(printed).not.toContain('987654321');
  });
});
