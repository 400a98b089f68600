import { providerUnavailable, rateLimited, type InvoiceError } from './errors';
import type { ProviderId } from './ids';
import type { HttpResponse } from './transport';

const EXCERPT_LENGTH = 200;

/** The first 200 characters of a body, for error reports. */
export const bodyExcerpt = (body: string): string =>
  body.length > EXCERPT_LENGTH ? `${body.slice(0, EXCERPT_LENGTH)}…` : body;

/** Reads a header by name in any case; repeated headers are joined with `, `. */
export const headerValue = (
  headers: Readonly<Record<string, string | string[] | undefined>>,
  name: string,
): string | undefined => {
  const wanted = name.toLowerCase();
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === wanted);
  const value = entry?.[1];
  return Array.isArray(value) ? value.join(', ') : value;
};

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
const RFC_850_DATE = new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`);

/** RFC 9110 HTTP-date (IMF-fixdate, RFC 850 or asctime, all GMT) in epoch milliseconds, or NaN. */
const parseHttpDate = (text: string): number =>
  IMF_FIXDATE.test(text) || RFC_850_DATE.test(text)
    ? Date.parse(text)
    : ASCTIME_DATE.test(text)
      ? Date.parse(`${text} GMT`)
      : Number.NaN;

/** The longest wait a `Retry-After` header can ask for: one day; a longer one is clamped to it. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const clampWait = (ms: number): number => Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);

/**
 * Milliseconds to wait from a `Retry-After` header in seconds or as an HTTP date, clamped to
 * `MAX_RETRY_AFTER_MS`; null if absent or not one of those two forms.
 */
export const retryAfterMs = (header: string | undefined, now: Date = new Date()): number | null => {
  if (header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return clampWait(Number(text) * 1000);
  const at = parseHttpDate(text);
  return Number.isNaN(at) ? null : clampWait(at - now.getTime());
};

/** The errors every provider shares: 429 → `RateLimited`, 5xx → `ProviderUnavailable`; otherwise null. */
export const commonHttpError = (
  provider: ProviderId,
  response: HttpResponse,
  now?: Date,
): InvoiceError | null =>
  response.status === 429
    ? rateLimited(provider, retryAfterMs(headerValue(response.headers, 'retry-after'), now))
    : response.status >= 500
      ? providerUnavailable(provider, response.status)
      : null;
