import * as t from 'io-ts';
import { compiledAs, NOT_DECODED } from './compiled';
import { ISO_3166_ALPHA3 } from './countries';

/** A codec for `T` values that pass `check`, failing with `message`. */
const refined = <A>(
  name: string,
  base: t.Type<A, A, unknown>,
  check: (a: A) => boolean,
  message: string,
): t.Type<A, A, unknown> =>
  compiledAs(
    new t.Type<A, A, unknown>(
      name,
      (u): u is A => base.is(u) && check(u),
      (u, c) =>
        u === undefined
          ? t.failure(u, c, 'is required')
          : base.is(u) && check(u)
            ? t.success(u)
            : t.failure(u, c, message),
      t.identity,
    ),
    () => (u) => (u !== undefined && base.is(u) && check(u) ? u : NOT_DECODED),
  );

/** A string that satisfies `check`. */
export const refinedString = (name: string, check: (s: string) => boolean, message: string) =>
  refined(name, t.string, check, message);

const MEMO_SIZE = 256;
const MEMO_TEXT_LENGTH = 2048;

/** `check` remembering its answers for up to 256 short texts: for pure checks on texts a merchant sends again and again. */
const memoized = (check: (s: string) => boolean): ((s: string) => boolean) => {
  const answers = new Map<string, boolean>();
  return (s) => {
    const known = answers.get(s);
    if (known !== undefined) return known;
    const answer = check(s);
    if (s.length <= MEMO_TEXT_LENGTH) {
      if (answers.size >= MEMO_SIZE) answers.clear();
      answers.set(s, answer);
    }
    return answer;
  };
};

const CONTROL_CHARACTER = /\p{Cc}/u;
const CONTROL_BESIDES_LINE_BREAKS = /[^\P{Cc}\n\r\t]/u;

/** At most `max` characters (code points); a string no longer than `max` UTF-16 units is, without counting. */
const atMostCharacters = (s: string, max: number): boolean => s.length <= max || [...s].length <= max;

/** A single-line string of `min`..`max` characters with no control characters. */
export const textOfLength = (name: string, min: number, max: number) =>
  refinedString(
    name,
    (s) => s.trim().length >= min && atMostCharacters(s, max) && !CONTROL_CHARACTER.test(s),
    min > 0 ? `must be ${min}–${max} printable characters` : `must be at most ${max} printable characters`,
  );

/** Free text of at most `max` characters; line breaks and tabs allowed, other control characters not. */
export const multilineText = (name: string, max: number) =>
  refinedString(
    name,
    (s) => atMostCharacters(s, max) && !CONTROL_BESIDES_LINE_BREAKS.test(s),
    `must be at most ${max} characters without control characters other than line breaks`,
  );

/** An object codec whose keys are known: `t.type`, `t.partial` or an intersection of them. */
export type ObjectCodec =
  t.InterfaceType<t.Props> | t.PartialType<t.Props> | t.IntersectionType<ObjectCodec[]>;

const propNames = (codec: ObjectCodec): string[] =>
  codec instanceof t.IntersectionType ? codec.types.flatMap(propNames) : Object.keys(codec.props);

/** `codec` for objects that must not carry unknown keys (an `undefined` value counts as absent); each is a failure at its path. */
export const closedObject = <C extends ObjectCodec>(
  codec: C,
): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> => {
  const known = new Set(propNames(codec));
  const isUnknownKey = (record: Record<string, unknown>, key: string) =>
    !known.has(key) && record[key] !== undefined;
  return compiledAs(
    new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(
      codec.name,
      codec.is,
      (u, c) => {
        if (u === undefined) return t.failure(u, c, 'is required');
        if (typeof u !== 'object' || u === null || Array.isArray(u))
          return t.failure(u, c, 'must be an object');
        const record = u as Record<string, unknown>;
        const unknownKeys = Object.keys(record).filter((key) => isUnknownKey(record, key));
        const result = codec.validate(u, t.appendContext(c, '', codec, u));
        if (unknownKeys.length === 0) return result;
        const extra = unknownKeys.map((key) => ({
          value: record[key],
          context: t.appendContext(c, key, t.never, record[key]),
          message: 'is not a known field',
        }));
        return t.failures(result._tag === 'Left' ? [...result.left, ...extra] : extra);
      },
      codec.encode,
    ),
    (readerOf) => {
      const read = readerOf(codec);
      return (u) => {
        if (typeof u !== 'object' || u === null || Array.isArray(u)) return NOT_DECODED;
        const record = u as Record<string, unknown>;
        for (const key of Object.keys(record)) if (isUnknownKey(record, key)) return NOT_DECODED;
        return read(u);
      };
    },
  );
};

const CURRENCY_MESSAGE = 'must be an upper-case currency code like EUR, BTC or USDT_TRC20';

/** An upper-case currency code such as `EUR`, `BTC` or `USDT_TRC20`. */
export const CurrencyCode = refinedString(
  'CurrencyCode',
  (s) => /^[A-Z][A-Z0-9_]{1,19}$/.test(s),
  CURRENCY_MESSAGE,
);

const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** An e-mail address with a real-looking domain (`name@shop.example`). */
export const EmailAddress = refinedString(
  'EmailAddress',
  memoized((s) => s.length <= 254 && EMAIL.test(s) && !s.startsWith('.') && !s.includes('..')),
  'must be an e-mail address like buyer@example.com',
);

/** A host name whose last label starts with a letter, so no IPv4 or IPv6 literal, and not localhost. */
const isPublicDomainName = (host: string): boolean =>
  host !== 'localhost' &&
  !host.endsWith('.localhost') &&
  /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/.test(host);

const isHttpsDomainUrl = (s: string): boolean => {
  try {
    const url = new URL(s);
    return (
      url.protocol === 'https:' &&
      url.username === '' &&
      url.password === '' &&
      isPublicDomainName(url.hostname)
    );
  } catch {
    return false;
  }
};

/** An https URL on a domain name (not an IP literal, not localhost), as providers require for redirects. */
export const HttpsDomainUrl = refinedString(
  'HttpsDomainUrl',
  memoized(isHttpsDomainUrl),
  'must be an https URL on a domain name (not an IP address or localhost)',
);

const isRealDate = memoized((s: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
});

const DAY_MS = 86_400_000;
let todayText = '';
let todayEnds = 0;

/** Today as `YYYY-MM-DD` (UTC), worked out again only when the clock leaves the day it was worked out for. */
const today = (): string => {
  const now = Date.now();
  if (now >= todayEnds || now < todayEnds - DAY_MS) {
    todayText = new Date(now).toISOString().slice(0, 10);
    todayEnds = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
  }
  return todayText;
};

/** A real calendar date `YYYY-MM-DD` after 1900-01-01 and before today. */
export const PastCalendarDate = refinedString(
  'PastCalendarDate',
  (s) => isRealDate(s) && s >= '1900-01-01' && s < today(),
  'must be a real date YYYY-MM-DD in the past',
);

/** An ISO 3166-1 alpha-3 country code that exists (`DEU`, `USA`). */
export const CountryAlpha3 = refinedString(
  'CountryAlpha3',
  (s) => ISO_3166_ALPHA3.has(s),
  'must be an existing ISO 3166-1 alpha-3 country code like DEU or USA',
);

/** A positive whole number. */
export const PositiveInteger = refined(
  'PositiveInteger',
  t.number,
  (n) => Number.isSafeInteger(n) && n > 0,
  'must be a positive whole number',
);

/** A boolean. */
export const Flag = refined('Flag', t.boolean, () => true, 'must be true or false');

/** A non-empty array of distinct currency codes. */
export const DistinctCurrencyCodes = new t.Type<string[], string[], unknown>(
  'DistinctCurrencyCodes',
  (u): u is string[] =>
    Array.isArray(u) && u.length > 0 && u.every(CurrencyCode.is) && new Set(u).size === u.length,
  (u, c) => {
    if (!Array.isArray(u) || u.length === 0)
      return t.failure(u, c, 'must be a non-empty list of currency codes');
    const bad = u.findIndex((code) => !CurrencyCode.is(code));
    if (bad >= 0)
      return t.failure(u[bad], t.appendContext(c, String(bad), CurrencyCode, u[bad]), CURRENCY_MESSAGE);
    return new Set(u).size === u.length
      ? t.success(u as string[])
      : t.failure(u, c, 'must not repeat a currency');
  },
  t.identity,
);

const isHttpBaseUrl = (s: string): boolean => {
  try {
    const url = new URL(s);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
};

/** An http(s) URL without query or fragment that endpoint paths are appended to; a trailing `/` is dropped. */
export const HttpBaseUrl = new t.Type<string, string, unknown>(
  'HttpBaseUrl',
  (u): u is string => typeof u === 'string' && isHttpBaseUrl(u),
  (u, c) =>
    typeof u === 'string' && isHttpBaseUrl(u)
      ? t.success(u.replace(/\/+$/, ''))
      : t.failure(u, c, 'must be an http(s) URL without query or fragment'),
  t.identity,
);
