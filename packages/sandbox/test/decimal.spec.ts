import { LosslessNumber } from 'lossless-json';
import { boundedNumber, MAX_DIGITS, MAX_EXPONENT } from '../src/decimal';

const n = (text: string) => new LosslessNumber(text);

describe('boundedNumber', () => {
  it.each([
    ['100', '100'],
    ['0.00000001', '0.00000001'],
    ['12345678.12345678', '12345678.12345678'],
    ['1.49e-06', '0.00000149'],
    [`1e${MAX_EXPONENT}`, `1${'0'.repeat(MAX_EXPONENT)}`],
    [`1e-${MAX_EXPONENT}`, `0.${'0'.repeat(MAX_EXPONENT - 1)}1`],
    ['-5', '-5'],
  ])('reads %s exactly', (text, expected) => {
    expect(boundedNumber(n(text))?.toFixed()).toBe(expected);
  });

  it.each([
    ['an exponent past the bound', `1e${MAX_EXPONENT + 1}`],
    ['a negative exponent past the bound', `1e-${MAX_EXPONENT + 1}`],
    ['the amount that used to kill the sandbox', '1e999999999'],
    ['an exponent with a million digits', `1e${'9'.repeat(1_000_000)}`],
    ['a digit string past the bound', '9'.repeat(MAX_DIGITS + 1)],
    ['a fraction past the bound', `0.${'1'.repeat(MAX_DIGITS)}`],
  ])('refuses %s without expanding it', (_label, text) => {
    const started = Date.now();
    expect(boundedNumber(n(text))).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['a string', '100'],
    ['null', null],
    ['NaN', Number.NaN],
    ['Infinity', Infinity],
    ['an object', {}],
  ])('refuses %s', (_label, value) => expect(boundedNumber(value)).toBeUndefined());

  it('reads finite JS numbers too', () => {
    expect(boundedNumber(0.1)?.toFixed()).toBe('0.1');
    expect(boundedNumber(1e21)?.toFixed()).toBe(`1${'0'.repeat(21)}`);
  });
});
