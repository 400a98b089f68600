import { randomBytes, randomInt } from 'node:crypto';
import Big from 'big.js';

/** Fixed demo prices in USD per unit; every conversion in the sandbox goes through these. */
const USD_PRICES: Readonly<Record<string, string>> = {
  USD: '1',
  EUR: '1.08',
  GBP: '1.27',
  CHF: '1.13',
  CAD: '0.73',
  AUD: '0.66',
  JPY: '0.0067',
  CNY: '0.138',
  HKD: '0.128',
  SGD: '0.74',
  INR: '0.012',
  IDR: '0.000061',
  PHP: '0.0175',
  THB: '0.028',
  VND: '0.000039',
  MYR: '0.213',
  TRY: '0.029',
  AED: '0.2723',
  RUB: '0.011',
  UAH: '0.024',
  UZS: '0.000079',
  KGS: '0.0115',
  KZT: '0.002',
  AMD: '0.0026',
  AZN: '0.588',
  BYN: '0.305',
  PLN: '0.25',
  NOK: '0.094',
  SEK: '0.095',
  DKK: '0.145',
  CZK: '0.043',
  BRL: '0.18',
  BTC: '83462.1',
  ETH: '2925',
  LTC: '84.5',
  BCH: '350',
  XRP: '2.1',
  TRX: '0.24',
  SOL: '135',
  TON: '3.4',
  DOGE: '0.17',
  ADA: '0.7',
  POL: '0.22',
  BNB: '590',
  USDT: '1',
  USDC: '1',
  EURC: '1.08',
  USDG: '1',
  DAI: '1',
  USDD: '1',
  PYUSD: '1',
  XAUT: '3050',
  ARB: '0.35',
  OP: '0.75',
  PEPE: '0.0000072',
  SHIB: '0.000013',
  TRUMP: '10.5',
};

/** Exact conversion of `amount` of `from` into `to`, rounded up to `dp` decimals (the customer never pays too little). */
export const convert = (amount: string, fromAsset: string, toAsset: string, dp: number): string => {
  const from = USD_PRICES[fromAsset];
  const to = USD_PRICES[toAsset];
  if (from === undefined || to === undefined) throw new Error(`no demo rate for ${fromAsset}/${toAsset}`);
  return new Big(amount).times(from).div(to).round(dp, Big.roundUp).toFixed(dp);
};

/** `a + b`, exactly, with `dp` decimals. */
export const add = (a: string, b: string, dp: number): string => new Big(a).plus(b).toFixed(dp);

/** `max(a - b, 0)`, exactly, with `dp` decimals. */
export const remainder = (a: string, b: string, dp: number): string => {
  const d = new Big(a).minus(b);
  return (d.lt(0) ? new Big(0) : d).toFixed(dp);
};

/** `amount × factor` rounded down to `dp` decimals. */
export const scale = (amount: string, factor: string, dp: number): string =>
  new Big(amount).times(factor).round(dp, Big.roundDown).toFixed(dp);

/** `amount × numerator / denominator` rounded down to `dp` decimals (0 when the denominator is 0). */
export const proportion = (amount: string, numerator: string, denominator: string, dp: number): string =>
  new Big(denominator).eq(0)
    ? new Big(0).toFixed(dp)
    : new Big(amount).times(numerator).div(denominator).round(dp, Big.roundDown).toFixed(dp);

/** Half of `amount` rounded down to `dp` decimals, but at least one smallest unit. */
export const half = (amount: string, dp: number): string => {
  const h = new Big(amount).div(2).round(dp, Big.roundDown);
  const unit = new Big(1).div(new Big(10).pow(dp));
  return (h.lt(unit) ? unit : h).toFixed(dp);
};

/** Compares two decimal strings: -1, 0 or 1. */
export const cmp = (a: string, b: string): number => new Big(a).cmp(b);

/** Formats a decimal string with exactly `dp` decimals (no rounding needed by callers). */
export const fixed = (amount: string, dp: number): string => new Big(amount).toFixed(dp);

/** Shortest plain decimal form (`"100.50"` → `"100.5"`). */
export const plain = (amount: string): string => new Big(amount).toFixed();

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
/** Digits and ASCII letters of both cases. */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Digits and upper-case ASCII letters. */
export const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** `n` random characters from `alphabet`. */
export const randomText = (alphabet: string, n: number): string =>
  Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** A random lower-case hex string of `bytes` bytes. */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/** A random base62 code for invoice page URLs. */
export const pageCode = (n: number): string => randomText(BASE62, n);

/** A random upper-case alphanumeric code (CryptoCloud invoice ids). */
export const upperCode = (n: number): string => randomText(UPPER_ALNUM, n);

/** A testnet-looking deposit address for a blockchain family. */
export const demoAddress = (chain: string): string => {
  switch (chain) {
    case 'BTC':
      return `tb1q${randomText(BECH32, 38)}`;
    case 'LTC':
      return `tltc1q${randomText(BECH32, 38)}`;
    case 'BCH':
      return `bchtest:qp${randomText(BECH32, 40)}`;
    case 'TRX':
      return `T${randomText(BASE58, 33)}`;
    case 'SOL':
      return randomText(BASE58, 44);
    case 'TON':
      return `UQ${randomText(BASE62, 46)}`;
    case 'XRP':
      return `r${randomText(BASE58, 33)}`;
    case 'DOGE':
      return `n${randomText(BASE58, 33)}`;
    case 'ADA':
      return `addr_test1q${randomText(BECH32, 56)}`;
    default:
      return `0x${randomHex(20)}`;
  }
};

/** A random 64-hex transaction hash. */
export const demoTxid = (): string => randomHex(32);
