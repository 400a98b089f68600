import Big from 'big.js';
import { isLosslessNumber } from './json';

/** The largest exponent read from number text (`1e1000`), the same bound as core's, kept apart from core's code. */
export const MAX_EXPONENT = 1000;

/** The most digits a number may carry before its exponent; longer digit strings are refused, never expanded. */
export const MAX_DIGITS = 1000;

const NUMBER_TEXT = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

const withinBounds = (text: string): boolean => {
  const match = NUMBER_TEXT.exec(text);
  return (
    match !== null &&
    (match[1] ?? '').length + (match[2] ?? '').length <= MAX_DIGITS &&
    Math.abs(Number(match[3] ?? '0')) <= MAX_EXPONENT
  );
};

/** The exact value of a JSON number within `MAX_DIGITS` and `MAX_EXPONENT`; undefined for anything else. */
export const boundedNumber = (u: unknown): Big | undefined => {
  const text = isLosslessNumber(u)
    ? u.toString()
    : typeof u === 'number' && Number.isFinite(u)
      ? String(u)
      : '';
  return withinBounds(text) ? new Big(text) : undefined;
};
