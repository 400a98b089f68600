import { add, convert, half, proportion, remainder, scale } from '../src/rates';
import { cryptocloudDate } from '../src/cryptocloud/invoice';
import { isEmail, isHttpsDomainUrl } from '../src/validation';

describe('rates and exact money', () => {
  it('converts with decimal arithmetic, rounding up so the customer never pays too little', () => {
    expect(convert('100', 'EUR', 'BTC', 8)).toBe('0.00129401');
    expect(convert('149.9', 'EUR', 'USD', 2)).toBe('161.90');
    expect(convert('0.1', 'USD', 'USD', 8)).toBe('0.10000000');
    expect(() => convert('1', 'EUR', 'XXX', 2)).toThrow('no demo rate');
  });

  it('splits, adds and scales without float error', () => {
    expect(add('0.1', '0.2', 8)).toBe('0.30000000');
    expect(half('0.00000001', 8)).toBe('0.00000001');
    expect(half('0.00000003', 8)).toBe('0.00000001');
    expect(remainder('1', '1.5', 8)).toBe('0.00000000');
    expect(scale('100', '0.005', 8)).toBe('0.50000000');
    expect(proportion('100', '0.5', '1', 8)).toBe('50.00000000');
    expect(proportion('100', '1', '0', 8)).toBe('0.00000000');
  });

  it('writes CryptoCloud dates as UTC with microseconds and no zone', () => {
    expect(cryptocloudDate(Date.UTC(2026, 0, 27, 9, 3, 58, 958))).toBe('2026-01-27 09:03:58.958000');
  });

  it('accepts only https URLs on domain names', () => {
    expect(isHttpsDomainUrl('https://example.com/success')).toBe(true);
    for (const url of [
      'http://example.com',
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://[::1]/x',
      'nope',
    ])
      expect(isHttpsDomainUrl(url)).toBe(false);
    expect(isEmail('email@example.com')).toBe(true);
    expect(isEmail('email@example')).toBe(false);
  });
});
