import { boundedNumber } from '../decimal';
import { cmp, convert } from '../rates';
import { isBlank, isEmail, isRecord, numberText } from '../validation';
import { CRYPTOCLOUD_FIAT_CODES, cryptocloudCurrency } from './currencies';

/** A create-invoice body CryptoCloud accepted. */
export interface CryptocloudCreate {
  readonly amount: string;
  readonly currency: string;
  readonly orderId: string | null;
  readonly email: string | null;
  /** Invoice lifetime in minutes (`add_fields.time_to_pay`, default 24 h). */
  readonly lifetimeMinutes: number;
  readonly availableCurrencies: ReadonlyArray<string> | null;
  readonly cryptocurrency: string | null;
}

/** `result` of an error answer, keyed by field. */
export type CryptocloudFieldErrors = Record<string, string>;

// CryptoCloud documents the `{"status":"error","result":{field: message}}` shape but no field texts
// for create; these follow Django REST framework's defaults, which its `detail` bodies show it runs on.
const REQUIRED = 'This field is required.';
const NOT_A_NUMBER = 'A valid number is required.';
const DEFAULT_LIFETIME_MINUTES = 24 * 60;
const MINIMUM_USD = '1';

const wholeNumber = (u: unknown): number | undefined => {
  const digits = numberText(u);
  return digits !== undefined && /^\d+$/.test(digits) && digits.length < 8 ? Number(digits) : undefined;
};

const addFields = (raw: unknown, errors: CryptocloudFieldErrors) => {
  const fields = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) errors['add_fields'] = 'Must be an object.';

  let lifetimeMinutes = DEFAULT_LIFETIME_MINUTES;
  const ttp = fields['time_to_pay'];
  if (ttp !== undefined && ttp !== null) {
    const hours = isRecord(ttp) ? (ttp['hours'] === undefined ? 0 : wholeNumber(ttp['hours'])) : undefined;
    const minutes = isRecord(ttp)
      ? ttp['minutes'] === undefined
        ? 0
        : wholeNumber(ttp['minutes'])
      : undefined;
    if (hours === undefined || minutes === undefined || hours * 60 + minutes <= 0)
      errors['time_to_pay'] = 'Must be {"hours": int, "minutes": int} with a positive total.';
    else lifetimeMinutes = hours * 60 + minutes;
  }

  let availableCurrencies: ReadonlyArray<string> | null = null;
  const available = fields['available_currencies'];
  if (available !== undefined && available !== null) {
    const unknown = Array.isArray(available)
      ? available.filter((c) => typeof c !== 'string' || cryptocloudCurrency(c) === undefined)
      : [available];
    if (!Array.isArray(available) || available.length === 0 || unknown.length > 0)
      errors['available_currencies'] =
        `Unknown currencies: ${unknown.map(String).join(', ') || 'none given'}`;
    else availableCurrencies = available as string[];
  }

  let cryptocurrency: string | null = null;
  const crypto = fields['cryptocurrency'];
  if (crypto !== undefined && crypto !== null) {
    if (typeof crypto !== 'string' || cryptocloudCurrency(crypto) === undefined)
      errors['cryptocurrency'] = 'Currency not found';
    else if (availableCurrencies !== null && !availableCurrencies.includes(crypto))
      errors['cryptocurrency'] = 'Currency is not in available_currencies';
    else cryptocurrency = crypto;
  }
  return { lifetimeMinutes, availableCurrencies, cryptocurrency };
};

/** Validates a parsed `/v2/invoice/create` body; optional parameters count only inside `add_fields`, like the real API. */
export const validateCryptocloudCreate = (
  body: Record<string, unknown>,
  shopId: string,
): { readonly errors: CryptocloudFieldErrors } | { readonly value: CryptocloudCreate } => {
  const errors: CryptocloudFieldErrors = {};

  const shop = body['shop_id'];
  if (isBlank(shop)) errors['shop_id'] = REQUIRED;
  else if (shop !== shopId) errors['shop_id'] = 'Shop not found';

  const currencyRaw = body['currency'];
  const currency = isBlank(currencyRaw) ? 'USD' : currencyRaw;
  if (typeof currency !== 'string' || !CRYPTOCLOUD_FIAT_CODES.includes(currency))
    errors['currency'] = `Unsupported currency. Available: ${CRYPTOCLOUD_FIAT_CODES.join(', ')}`;

  let amount: string | null = null;
  const amountRaw = body['amount'];
  const value = boundedNumber(amountRaw);
  if (amountRaw === undefined || amountRaw === null) errors['amount'] = REQUIRED;
  else if (value === undefined) errors['amount'] = NOT_A_NUMBER;
  else if (!value.gt(0)) errors['amount'] = `Minimum amount: ${MINIMUM_USD} USD`;
  else if (typeof currency === 'string' && CRYPTOCLOUD_FIAT_CODES.includes(currency)) {
    if (cmp(convert(value.toFixed(), currency, 'USD', 2), MINIMUM_USD) < 0)
      errors['amount'] = `Minimum amount: ${MINIMUM_USD} USD`;
    else amount = value.toFixed();
  }

  const orderRaw = body['order_id'];
  const orderId = isBlank(orderRaw)
    ? null
    : typeof orderRaw === 'string'
      ? orderRaw
      : (numberText(orderRaw) ?? null);
  if (!isBlank(orderRaw) && orderId === null) errors['order_id'] = 'Not a valid string.';

  const emailRaw = body['email'];
  const email = isBlank(emailRaw)
    ? null
    : typeof emailRaw === 'string' && isEmail(emailRaw)
      ? emailRaw
      : null;
  if (!isBlank(emailRaw) && email === null) errors['email'] = 'Enter a valid email address.';

  const extras = addFields(body['add_fields'], errors);

  return Object.keys(errors).length > 0 || amount === null || typeof currency !== 'string'
    ? { errors }
    : { value: { amount, currency, orderId, email, ...extras } };
};
