import Big from 'big.js';
import { LosslessNumber } from '../json';

/**
 * The text Python's `repr(float)` gives for a decimal, as CryptoCloud's floats arrive: `100.0`,
 * `0.034187`, and exponent notation below 1e-4 or from 1e16 up (`1.5e-05`, as in the documented
 * `"fee": 1.499999996212864e-06`). The digits stay exact.
 */
export const pythonFloatText = (decimal: string): string => {
  const value = new Big(decimal);
  if (value.eq(0)) return '0.0';
  if (value.e >= -4 && value.e < 16) {
    const text = value.toFixed();
    return text.includes('.') ? text : `${text}.0`;
  }
  const [first = '0', ...rest] = value.c.map(String);
  const mantissa = rest.length === 0 ? first : `${first}.${rest.join('')}`;
  return `${mantissa}e${value.e < 0 ? '-' : '+'}${String(Math.abs(value.e)).padStart(2, '0')}`;
};

/** A CryptoCloud float field: a JSON number written as Python writes the float. */
export const pythonFloat = (decimal: string): LosslessNumber => new LosslessNumber(pythonFloatText(decimal));
