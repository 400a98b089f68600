import type { Decimal } from '@invoicekit/core';
import { canonicalDecimal } from '@invoicekit/core/adapter';

const scaled = (value: Decimal, digits: number): bigint => {
  const [whole = '0', fraction = ''] = value.split('.');
  return BigInt(`${whole}${fraction.padEnd(digits, '0')}`);
};

const fractionLength = (value: Decimal): number => value.split('.')[1]?.length ?? 0;

/** `a - b` exactly, never below zero, in canonical form. */
export const subtractDecimals = (a: Decimal, b: Decimal): Decimal => {
  const digits = Math.max(fractionLength(a), fractionLength(b));
  const difference = scaled(a, digits) - scaled(b, digits);
  if (difference <= 0n) return canonicalDecimal('0');
  const text = difference.toString().padStart(digits + 1, '0');
  return canonicalDecimal(digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`);
};
