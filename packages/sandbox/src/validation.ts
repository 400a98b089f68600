import { isIP } from 'node:net';
import { isLosslessNumber } from './json';

/** A plain JSON object (not an array, not null). */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && !isLosslessNumber(u);

/** The digits of a JSON number parsed losslessly, or undefined for any other value. */
export const numberText = (u: unknown): string | undefined =>
  isLosslessNumber(u) ? u.toString() : typeof u === 'number' && Number.isFinite(u) ? String(u) : undefined;

/** Laravel's notion of a missing value: absent, null, empty string or empty array. */
export const isBlank = (u: unknown): boolean =>
  u === undefined ||
  u === null ||
  (typeof u === 'string' && u.trim() === '') ||
  (Array.isArray(u) && u.length === 0);

/** Characters in a string, counting astral symbols once. */
export const charLength = (s: string): number => [...s].length;

const EMAIL = /^[^\s@]+@([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

/** A plausible e-mail address. */
export const isEmail = (s: string): boolean => s.length <= 254 && EMAIL.test(s);

/** An https URL whose host is a domain name (no IP literal, no localhost). */
export const isHttpsDomainUrl = (s: string): boolean => {
  try {
    const url = new URL(s);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return (
      url.protocol === 'https:' &&
      isIP(host) === 0 &&
      host !== 'localhost' &&
      !host.endsWith('.localhost') &&
      /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*$/.test(host)
    );
  } catch {
    return false;
  }
};

const isLoopbackHost = (host: string): boolean =>
  host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.split('.')[0] === '127');

/** An http(s) URL on a loopback host (`localhost`, `127.x.x.x`, `[::1]`), without user or password. */
export const isLoopbackUrl = (s: string): boolean => {
  if (!URL.canParse(s)) return false;
  const url = new URL(s);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))
  );
};

/** A real calendar date `YYYY-MM-DD`. */
export const isCalendarDate = (s: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};
