import { isBlank } from '../validation';
import { convert } from '../rates';
import type { CryptomusCreate } from './invoice';

/** Laravel-style validation errors, one list of rule names per field, as Heleket's PHP SDK shows them. */
export type CryptomusErrors = Record<string, string[]>;

const AMOUNT = /^\d+(\.\d{1,8})?$/;
const ALPHA_DASH = /^[A-Za-z0-9_-]+$/;

const isUrl = (u: unknown): u is string => {
  if (typeof u !== 'string' || u.length < 6 || u.length > 255) return false;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** True for a currency the sandbox has a demo rate for. */
const isPriced = (code: string): boolean => {
  try {
    convert('1', code, 'USD', 2);
    return true;
  } catch {
    return false;
  }
};

const text = (u: unknown): string | null => (typeof u === 'string' && u !== '' ? u : null);

/**
 * Validates a create body by the rules the create page documents: `amount` (string, `.` separator),
 * `currency`, `order_id` (1..128, alpha_dash), `lifetime` (300..43200, default 3600), the URLs (6..255),
 * `is_payment_multiple` (boolean, default true), `to_currency`, `network`, `additional_data` (≤ 255).
 */
export const validateCryptomusCreate = (
  body: Record<string, unknown>,
): { readonly value: CryptomusCreate } | { readonly errors: CryptomusErrors } => {
  const errors: CryptomusErrors = {};
  const fail = (field: string, rule: string) =>
    (errors[field] = [...(errors[field] ?? []), `validation.${rule}`]);
  const { amount, currency, order_id: orderId, lifetime } = body;
  if (isBlank(amount)) fail('amount', 'required');
  else if (typeof amount !== 'string' || !AMOUNT.test(amount) || Number(amount) <= 0)
    fail('amount', 'numeric');
  if (isBlank(currency)) fail('currency', 'required');
  else if (typeof currency !== 'string' || !isPriced(currency)) fail('currency', 'exists');
  if (isBlank(orderId)) fail('order_id', 'required');
  else if (typeof orderId !== 'string' || orderId.length > 128 || !ALPHA_DASH.test(orderId))
    fail('order_id', 'alpha_dash');
  const seconds = lifetime === undefined || lifetime === null ? 3600 : Number(String(lifetime));
  if (!Number.isInteger(seconds) || seconds < 300 || seconds > 43200) fail('lifetime', 'between');
  for (const field of ['url_callback', 'url_return', 'url_success']) {
    if (!isBlank(body[field]) && !isUrl(body[field])) fail(field, 'url');
  }
  const multiple = body.is_payment_multiple;
  if (multiple !== undefined && multiple !== null && typeof multiple !== 'boolean')
    fail('is_payment_multiple', 'boolean');
  const toCurrency = text(body.to_currency);
  if (toCurrency !== null && !isPriced(toCurrency)) fail('to_currency', 'exists');
  const additional = body.additional_data;
  if (!isBlank(additional) && (typeof additional !== 'string' || additional.length > 255))
    fail('additional_data', 'max');
  if (Object.keys(errors).length > 0) return { errors };
  return {
    value: {
      amount: amount as string,
      currency: currency as string,
      orderId: orderId as string,
      lifetimeSeconds: seconds,
      toCurrency,
      network: text(body.network),
      callbackUrl: text(body.url_callback),
      returnUrl: text(body.url_return),
      successUrl: text(body.url_success),
      isPaymentMultiple: multiple !== false,
      additionalData: text(additional),
    },
  };
};

/** The statuses `/v1/test-webhook/payment` offers (doc.heleket.com/methods/payments/testing-webhook.md). */
export const TEST_WEBHOOK_STATUSES: ReadonlySet<string> = new Set([
  'process',
  'check',
  'paid',
  'paid_over',
  'fail',
  'wrong_amount',
  'cancel',
  'system_fail',
  'refund_process',
  'refund_fail',
  'refund_paid',
]);

/** A validated test-webhook body. */
export interface CryptomusTestWebhook {
  readonly urlCallback: string;
  readonly currency: string;
  readonly network: string;
  readonly uuid: string | null;
  readonly orderId: string | null;
  readonly status: string;
}

/** Validates a test-webhook body: `url_callback` (6..150, url), `currency`, `network`, `status` required. */
export const validateTestWebhook = (
  body: Record<string, unknown>,
): { readonly value: CryptomusTestWebhook } | { readonly errors: CryptomusErrors } => {
  const errors: CryptomusErrors = {};
  const fail = (field: string, rule: string) => (errors[field] = [`validation.${rule}`]);
  if (!isUrl(body.url_callback) || (body.url_callback as string).length > 150) fail('url_callback', 'url');
  if (text(body.currency) === null) fail('currency', 'required');
  if (text(body.network) === null) fail('network', 'required');
  const status = text(body.status) ?? 'paid';
  if (!TEST_WEBHOOK_STATUSES.has(status)) fail('status', 'in');
  const orderId = text(body.order_id);
  if (orderId !== null && (orderId.length > 32 || !ALPHA_DASH.test(orderId))) fail('order_id', 'alpha_dash');
  if (Object.keys(errors).length > 0) return { errors };
  return {
    value: {
      urlCallback: body.url_callback as string,
      currency: body.currency as string,
      network: body.network as string,
      uuid: text(body.uuid),
      orderId,
      status,
    },
  };
};
