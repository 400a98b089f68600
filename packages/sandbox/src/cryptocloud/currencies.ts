/** A pay currency of CryptoCloud, with the fields its `currency` object carries. */
export interface CryptocloudCurrency {
  readonly id: number;
  readonly fullcode: string;
  readonly code: string;
  readonly name: string;
  readonly network: { readonly code: string; readonly fullname: string };
  readonly stablecoin: boolean;
  /** Decimals of amounts in this currency. */
  readonly dp: number;
  /** Address style (see `demoAddress`). */
  readonly addressStyle: string;
}

const NETWORKS: Readonly<Record<string, { code: string; fullname: string; addressStyle: string }>> = {
  BTC: { code: 'BTC', fullname: 'Bitcoin', addressStyle: 'BTC' },
  LTC: { code: 'LTC', fullname: 'Litecoin', addressStyle: 'LTC' },
  TRC20: { code: 'TRC20', fullname: 'Tron', addressStyle: 'TRX' },
  SOL: { code: 'SOL', fullname: 'Solana', addressStyle: 'SOL' },
  TON: { code: 'TON', fullname: 'TON', addressStyle: 'TON' },
  BSC: { code: 'BSC', fullname: 'BNB Smart Chain', addressStyle: 'ETH' },
  ERC20: { code: 'ERC20', fullname: 'Ethereum', addressStyle: 'ETH' },
  ARB: { code: 'ARB', fullname: 'Arbitrum', addressStyle: 'ETH' },
  BASE: { code: 'BASE', fullname: 'Base', addressStyle: 'ETH' },
  OPT: { code: 'OPT', fullname: 'Optimism', addressStyle: 'ETH' },
};

const NATIVE_NETWORK: Readonly<Record<string, string>> = {
  BTC: 'BTC',
  LTC: 'LTC',
  TRX: 'TRC20',
  SOL: 'SOL',
  TON: 'TON',
  BNB: 'BSC',
  ETH: 'ERC20',
};

const NAMES: Readonly<Record<string, string>> = {
  BTC: 'Bitcoin',
  LTC: 'Litecoin',
  TRX: 'Tron',
  SOL: 'Solana',
  TON: 'Toncoin',
  BNB: 'BNB',
  ETH: 'Ethereum',
  USDT: 'Tether',
  USDC: 'USD Coin',
  DAI: 'Dai',
  USDD: 'USDD',
  PYUSD: 'PayPal USD',
  XAUT: 'Tether Gold',
  ARB: 'Arbitrum',
  OP: 'Optimism',
  PEPE: 'Pepe',
  SHIB: 'Shiba Inu',
  TRUMP: 'Official Trump',
};

const STABLECOINS: ReadonlySet<string> = new Set(['USDT', 'USDC', 'DAI', 'USDD', 'PYUSD']);

const DP: Readonly<Record<string, number>> = { BTC: 8, LTC: 8, PEPE: 2, SHIB: 2 };

/** The documented pay currencies, in documented order. */
export const CRYPTOCLOUD_CRYPTO_CODES: ReadonlyArray<string> = [
  'BTC',
  'LTC',
  'TRX',
  'SOL',
  'TON',
  'BNB',
  'ETH',
  'ETH_ARB',
  'ETH_BASE',
  'ETH_OPT',
  'USDT_ARB',
  'USDT_BSC',
  'USDT_ERC20',
  'USDT_OPT',
  'USDT_SOL',
  'USDT_TON',
  'USDT_TRC20',
  'USDC_ARB',
  'USDC_BASE',
  'USDC_BSC',
  'USDC_ERC20',
  'USDC_OPT',
  'USDC_SOL',
  'DAI_ARB',
  'DAI_BASE',
  'DAI_BSC',
  'DAI_ERC20',
  'DAI_OPT',
  'USDD_TRC20',
  'PYUSD_ERC20',
  'PYUSD_SOL',
  'XAUT_ERC20',
  'XAUT_TON',
  'ARB_ARB',
  'OP_OPT',
  'PEPE_BSC',
  'PEPE_ERC20',
  'SHIB_BSC',
  'SHIB_ERC20',
  'TRUMP_SOL',
];

/** The 25 documented fiat currencies an invoice may be priced in. */
export const CRYPTOCLOUD_FIAT_CODES: ReadonlyArray<string> = [
  'USD',
  'UZS',
  'KGS',
  'KZT',
  'AMD',
  'AZN',
  'BYN',
  'AUD',
  'TRY',
  'AED',
  'CAD',
  'CNY',
  'HKD',
  'IDR',
  'INR',
  'JPY',
  'PHP',
  'SGD',
  'THB',
  'VND',
  'MYR',
  'RUB',
  'UAH',
  'EUR',
  'GBP',
];

const describe = (fullcode: string, index: number): CryptocloudCurrency => {
  const [code = fullcode, suffix] = fullcode.split('_');
  const network = NETWORKS[suffix ?? NATIVE_NETWORK[code] ?? 'ERC20'] ?? NETWORKS['ERC20']!;
  return {
    id: index + 1,
    fullcode,
    code,
    name: NAMES[code] ?? code,
    network: { code: network.code, fullname: network.fullname },
    stablecoin: STABLECOINS.has(code),
    dp: DP[code] ?? (STABLECOINS.has(code) ? 2 : 6),
    addressStyle: network.addressStyle,
  };
};

const BY_FULLCODE: ReadonlyMap<string, CryptocloudCurrency> = new Map(
  CRYPTOCLOUD_CRYPTO_CODES.map((c, i) => [c, describe(c, i)]),
);

/** The pay currency with this full code (`USDT_TRC20`), if documented. */
export const cryptocloudCurrency = (fullcode: string): CryptocloudCurrency | undefined =>
  BY_FULLCODE.get(fullcode);

/** The pay currency used when the merchant preselects none. */
export const DEFAULT_CRYPTOCLOUD_CURRENCY = 'USDT_TRC20';

/** The `currency` object of an invoice, shaped like the documented example. */
export const cryptocloudCurrencyObject = (c: CryptocloudCurrency) => ({
  id: c.id,
  code: c.code,
  fullcode: c.fullcode,
  network: {
    code: c.network.code,
    id: c.id,
    icon: `https://cdn.cryptocloud.plus/img/network/${c.network.code}.svg`,
    fullname: c.network.fullname,
  },
  name: c.name,
  is_email_required: false,
  stablecoin: c.stablecoin,
  icon_base: `https://cdn.cryptocloud.plus/img/currency/${c.code}.svg`,
  icon_network: `https://cdn.cryptocloud.plus/img/currency/${c.code}.svg`,
  icon_qr: `https://cdn.cryptocloud.plus/img/stroke/${c.code}_STROKE.svg`,
  order: c.id,
});
