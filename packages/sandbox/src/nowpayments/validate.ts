import { cmp, convert } from '../rates';
import { isRecord, numberText } from '../validation';
import { MINIMUM_USD, NOWPAYMENTS_FIAT, nowpaymentsCoin, type NowpaymentsInvoiceCreate } from './invoice';
import { NOWPAYMENTS_CASES, type NowpaymentsCase } from './settings';

/**
 * A refusal in the one error shape NOWPayments publishes (`{status: false, statusCode, code, message}`).
 * The codes are the documented `INVALID_REQUEST_PARAMS` and those third-party code matches
 * (`AMOUNT_MINIMAL_ERROR`, `CURRENCY_UNAVAILABLE`); the message texts are the sandbox's own [I].
 */
export interface NowpaymentsRefusal {
  readonly status: 400 | 401 | 403 | 404;
  readonly code: string;
  readonly message: string;
}

/** The body of a refusal. */
export const refusalBody = (refusal: NowpaymentsRefusal) => ({
  status: false,
  statusCode: refusal.status,
  code: refusal.code,
  message: refusal.message,
});

const invalid = (message: string): NowpaymentsRefusal => ({
  status: 400,
  code: 'INVALID_REQUEST_PARAMS',
  message,
});

const DECIMAL = /^\d+(\.\d+)?$/;

const textOrNull = (u: unknown): string | null | undefined =>
  u === undefined || u === null ? null : typeof u === 'string' ? u : undefined;

/** The fiat minimum of paying in `ticker`, in `fiat` (the sandbox's demo floor, MINIMUM_USD). */
export const minimumInFiat = (fiat: string): string => convert(MINIMUM_USD, 'USD', fiat.toUpperCase(), 2);

/** Validates a create-invoice body: price and currency required, the documented optional fields typed; an amount under the coin's minimum refused. */
export const validateInvoiceCreate = (
  body: Record<string, unknown>,
): { readonly value: NowpaymentsInvoiceCreate } | { readonly refusal: NowpaymentsRefusal } => {
  const amount =
    numberText(body['price_amount']) ??
    (typeof body['price_amount'] === 'string' ? body['price_amount'] : undefined);
  if (amount === undefined || !DECIMAL.test(amount) || cmp(amount, '0') <= 0)
    return { refusal: invalid('"price_amount" must be a positive number') };
  const priceCurrency = body['price_currency'];
  if (typeof priceCurrency !== 'string' || !NOWPAYMENTS_FIAT.includes(priceCurrency.toLowerCase()))
    return { refusal: invalid(`"price_currency" must be one of [${NOWPAYMENTS_FIAT.join(', ')}]`) };
  const payCurrency = textOrNull(body['pay_currency']);
  if (payCurrency === undefined || (payCurrency !== null && nowpaymentsCoin(payCurrency) === undefined))
    return {
      refusal: {
        status: 400,
        code: 'CURRENCY_UNAVAILABLE',
        message: `Currency ${String(body['pay_currency'])} was not found`,
      },
    };
  const texts = [
    'order_id',
    'order_description',
    'ipn_callback_url',
    'success_url',
    'cancel_url',
    'partially_paid_url',
  ].map((name) => [name, textOrNull(body[name])] as const);
  const wrong = texts.find(([, value]) => value === undefined);
  if (wrong !== undefined) return { refusal: invalid(`"${wrong[0]}" must be a string`) };
  const flags = ['is_fixed_rate', 'is_fee_paid_by_user'].map((name) => [name, body[name]] as const);
  const notFlag = flags.find(([, value]) => value !== undefined && typeof value !== 'boolean');
  if (notFlag !== undefined) return { refusal: invalid(`"${notFlag[0]}" must be a boolean`) };
  const price = priceCurrency.toLowerCase();
  if (payCurrency !== null && cmp(amount, minimumInFiat(price)) < 0)
    return {
      refusal: { status: 400, code: 'AMOUNT_MINIMAL_ERROR', message: 'amountTo is less than minimal' },
    };
  const text = Object.fromEntries(texts) as Record<string, string | null>;
  return {
    value: {
      priceAmount: amount,
      priceCurrency: price,
      payCurrency: payCurrency === null ? null : payCurrency.toLowerCase(),
      orderId: text['order_id'] ?? null,
      orderDescription: text['order_description'] ?? null,
      ipnCallbackUrl: text['ipn_callback_url'] ?? null,
      successUrl: text['success_url'] ?? null,
      cancelUrl: text['cancel_url'] ?? null,
      partiallyPaidUrl: text['partially_paid_url'] ?? null,
      isFixedRate: body['is_fixed_rate'] === true,
      isFeePaidByUser: body['is_fee_paid_by_user'] === true,
    },
  };
};

/** Validates a sandbox create-payment body: the invoice fields with `pay_currency` required, and a known `case`. */
export const validatePaymentCreate = (
  body: Record<string, unknown>,
):
  | {
      readonly value: NowpaymentsInvoiceCreate & { readonly payCurrency: string };
      readonly sandboxCase: NowpaymentsCase;
    }
  | { readonly refusal: NowpaymentsRefusal } => {
  if (typeof body['pay_currency'] !== 'string') return { refusal: invalid('"pay_currency" is required') };
  const sandboxCase = body['case'] ?? 'success';
  if (
    typeof sandboxCase !== 'string' ||
    !Object.prototype.hasOwnProperty.call(NOWPAYMENTS_CASES, sandboxCase)
  )
    return { refusal: invalid(`"case" must be one of [${Object.keys(NOWPAYMENTS_CASES).join(', ')}]`) };
  const { case: _case, ...fields } = body;
  const result = validateInvoiceCreate(fields);
  return 'refusal' in result
    ? result
    : {
        value: { ...result.value, payCurrency: result.value.payCurrency ?? '' },
        sandboxCase: sandboxCase as NowpaymentsCase,
      };
};

/** A whole number from a query parameter within bounds, the default when absent; undefined when invalid. */
export const queryInteger = (u: unknown, fallback: number, min: number, max: number): number | undefined => {
  if (u === undefined) return fallback;
  const n = typeof u === 'string' && /^\d+$/.test(u) ? Number(u) : undefined;
  return n !== undefined && n >= min && n <= max ? n : undefined;
};

/** True for a JSON object body. */
export const isBody = isRecord;
