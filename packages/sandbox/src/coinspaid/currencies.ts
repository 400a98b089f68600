/** A currency of the CoinsPaid platform: its price asset, chain (for addresses), and invoice minimum. */
export interface CoinspaidCurrency {
  readonly code: string;
  readonly asset: string;
  readonly crypto: boolean;
  readonly addressStyle: string;
  readonly minimum: string;
  readonly tag: boolean;
}

const crypto = (
  code: string,
  asset: string,
  addressStyle: string,
  minimum: string,
  tag = false,
): CoinspaidCurrency => ({
  code,
  asset,
  crypto: true,
  addressStyle,
  minimum,
  tag,
});

const fiat = (code: string): CoinspaidCurrency => ({
  code,
  asset: code,
  crypto: false,
  addressStyle: '',
  minimum: '1',
  tag: false,
});

const CURRENCIES: ReadonlyArray<CoinspaidCurrency> = [
  crypto('BTC', 'BTC', 'BTC', '0.0001'),
  crypto('ETH', 'ETH', 'ETH', '0.01'),
  crypto('ETHA', 'ETH', 'ETH', '0.01'),
  crypto('ETHBASE', 'ETH', 'ETH', '0.01'),
  crypto('LTC', 'LTC', 'LTC', '0.01'),
  crypto('BCH', 'BCH', 'BCH', '0.001'),
  crypto('XRP', 'XRP', 'XRP', '1', true),
  crypto('TRX', 'TRX', 'TRX', '10'),
  crypto('SOL', 'SOL', 'SOL', '0.01'),
  crypto('DOGE', 'DOGE', 'DOGE', '10'),
  crypto('ADA', 'ADA', 'ADA', '2'),
  crypto('POL', 'POL', 'ETH', '1'),
  crypto('BNB', 'BNB', 'ETH', '0.005'),
  crypto('USDTT', 'USDT', 'TRX', '2'),
  crypto('USDTE', 'USDT', 'ETH', '5'),
  crypto('USDTB', 'USDT', 'ETH', '2'),
  crypto('USDCE', 'USDC', 'ETH', '5'),
  crypto('USDCA', 'USDC', 'ETH', '2'),
  crypto('USDCBASE', 'USDC', 'ETH', '2'),
  crypto('USDCS', 'USDC', 'SOL', '2'),
  crypto('EURCE', 'EURC', 'ETH', '5'),
  crypto('USDGE', 'USDG', 'ETH', '5'),
  ...['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY', 'PLN', 'NOK', 'SEK', 'DKK', 'CZK', 'BRL', 'TRY'].map(
    fiat,
  ),
  ...['UAH', 'KZT', 'INR', 'IDR', 'PHP', 'THB', 'VND', 'MYR', 'SGD', 'HKD', 'CNY', 'AED'].map(fiat),
];

const BY_CODE: ReadonlyMap<string, CoinspaidCurrency> = new Map(CURRENCIES.map((c) => [c.code, c]));

/** The platform currency with this API code, if any. */
export const coinspaidCurrency = (code: string): CoinspaidCurrency | undefined => BY_CODE.get(code);

/** The pay currency offered by default when the merchant fixed none. */
export const defaultPayCurrency = (receive: CoinspaidCurrency): CoinspaidCurrency =>
  receive.crypto ? receive : (BY_CODE.get('BTC') as CoinspaidCurrency);

/** Decimals of every platform amount. */
export const COINSPAID_DP = 8;
