import Big from 'big.js';
import { boundedNumber } from '../decimal';
import { convert } from '../rates';
import { isRecord, numberText } from '../validation';
import { BTCPAY_PAY_CURRENCY, BTCPAY_STORE_DEFAULTS } from './settings';

/** A create-invoice body the emulated store accepted, with the store's defaults filled in. */
export interface BtcpayCreate {
  readonly amount: string;
  readonly currency: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly expirationMinutes: number;
  readonly monitoringMinutes: number;
  readonly speedPolicy: string;
  readonly redirectURL: string | null;
}

/** One `ValidationProblemDetails` item. */
export interface BtcpayValidationError {
  readonly path: string;
  readonly message: string;
}

const SPEED_POLICIES = ['HighSpeed', 'MediumSpeed', 'LowMediumSpeed', 'LowSpeed'];
const PAYMENT_METHOD_ID = /^[A-Z0-9]{2,10}(-(CHAIN|LN|LNURL))?$/;
const STORE_METHODS = ['BTC-CHAIN', 'BTC-LN', 'BTC-LNURL', 'BTC'];

const DECIMAL_TEXT = /^-?\d{1,30}(\.\d{1,30})?$/;

/** `amount` as BTCPay reads it: a decimal string (`format: decimal`) or a JSON number. */
const amountOf = (u: unknown): Big | undefined =>
  typeof u === 'string' ? (DECIMAL_TEXT.test(u.trim()) ? new Big(u.trim()) : undefined) : boundedNumber(u);

const hasRate = (currency: string): boolean => {
  try {
    convert('1', currency, BTCPAY_PAY_CURRENCY, 8);
    return true;
  } catch {
    return false;
  }
};

const minutesOr = (u: unknown, fallback: number): number | undefined => {
  if (u === undefined || u === null) return fallback;
  const digits = numberText(u);
  const n = digits === undefined ? Number.NaN : Number(digits);
  return Number.isFinite(n) ? n : undefined;
};

// Messages quoted from GreenfieldInvoiceController.CreateInvoice (btcpayserver/btcpayserver); the
// sandbox adds only the unknown-currency and top-up ones, which it cannot emulate otherwise.
const checkoutOf = (raw: unknown, errors: BtcpayValidationError[]) => {
  const checkout = isRecord(raw) ? raw : {};
  const expirationMinutes = minutesOr(checkout['expirationMinutes'], BTCPAY_STORE_DEFAULTS.expirationMinutes);
  if (expirationMinutes === undefined || expirationMinutes * 60 < 30)
    errors.push({
      path: 'checkout.expirationMinutes',
      message: 'Expiration time must be at least 30 seconds',
    });
  const monitoringMinutes = minutesOr(checkout['monitoringMinutes'], BTCPAY_STORE_DEFAULTS.monitoringMinutes);
  if (monitoringMinutes === undefined || monitoringMinutes < 0)
    errors.push({ path: 'checkout.monitoringMinutes', message: 'Monitoring time must be 0 or more' });
  const speed = checkout['speedPolicy'];
  if (speed !== undefined && speed !== null && !SPEED_POLICIES.includes(String(speed)))
    errors.push({ path: 'checkout.speedPolicy', message: 'Invalid speed policy' });
  const methods = checkout['paymentMethods'];
  if (methods !== undefined && methods !== null) {
    if (!Array.isArray(methods) || !methods.every((m) => typeof m === 'string' && PAYMENT_METHOD_ID.test(m)))
      errors.push({ path: 'checkout.paymentMethods', message: 'Invalid PaymentMethodId' });
    // The list filters the store's methods; the emulated store has BTC on-chain and Lightning only.
    else if (!methods.some((m) => STORE_METHODS.includes(String(m))))
      errors.push({
        path: 'checkout.paymentMethods',
        message: 'None of these payment methods is enabled in the store',
      });
  }
  const redirect = checkout['redirectURL'];
  return {
    expirationMinutes: expirationMinutes ?? BTCPAY_STORE_DEFAULTS.expirationMinutes,
    monitoringMinutes: monitoringMinutes ?? BTCPAY_STORE_DEFAULTS.monitoringMinutes,
    speedPolicy: typeof speed === 'string' ? speed : BTCPAY_STORE_DEFAULTS.speedPolicy,
    redirectURL: typeof redirect === 'string' ? redirect : null,
  };
};

/** Validates a parsed `POST …/invoices` body as the Greenfield API does; errors are answered 422. */
export const validateBtcpayCreate = (
  body: Record<string, unknown>,
): { readonly errors: ReadonlyArray<BtcpayValidationError> } | { readonly value: BtcpayCreate } => {
  const errors: BtcpayValidationError[] = [];
  const amount = amountOf(body['amount']);
  if (body['amount'] === undefined || body['amount'] === null)
    errors.push({
      path: 'amount',
      message: 'The sandbox emulates fixed-amount invoices only: give an amount',
    });
  else if (amount === undefined || amount.lt(0))
    errors.push({ path: 'amount', message: 'The amount should be 0 or more.' });
  const rawCurrency = body['currency'];
  const currency =
    typeof rawCurrency === 'string' && rawCurrency.trim() !== ''
      ? rawCurrency.trim().toUpperCase()
      : BTCPAY_STORE_DEFAULTS.currency;
  if (!hasRate(currency))
    errors.push({ path: 'currency', message: `No rate for ${currency} in the sandbox` });
  const metadata = body['metadata'];
  if (metadata !== undefined && metadata !== null && !isRecord(metadata))
    errors.push({ path: 'metadata', message: 'metadata should be a JSON object' });
  const checkout = checkoutOf(body['checkout'], errors);
  if (errors.length > 0 || amount === undefined) return { errors };
  return {
    value: {
      amount: amount.toFixed(),
      currency,
      metadata: isRecord(metadata) ? metadata : {},
      ...checkout,
    },
  };
};
