import { Secret } from './secret';

/** Credentials shorter than this are not scrubbed: they would garble ordinary text and identify nothing. */
export const MIN_SCRUBBED_LENGTH = 4;

const REDACTED = '[redacted]';

const htmlEscaped = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);

/** PHP's `json_encode` defaults (Laravel error bodies): `/` as `\/` and every non-ASCII character as `\uXXXX`. */
const phpJsonEscaped = (text: string): string =>
  jsonEscaped(text)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The spellings a proxy or provider may echo a credential in: as is, JSON-escaped (JS and PHP), percent-encoded, HTML-escaped. */
const spellings = (credential: string): string[] => [
  credential,
  jsonEscaped(credential),
  phpJsonEscaped(credential),
  encodeURIComponent(credential),
  htmlEscaped(credential),
];

/** A function that replaces every spelling of every configured credential in a text with `[redacted]`. */
export type Scrubber = (text: string) => string;

/**
 * Builds the scrubber for a provider's configured credentials (API key, secret, token, shop id), so
 * provider text that echoes a request can enter an error without leaking what it echoed.
 */
export const credentialScrubber = (credentials: ReadonlyArray<Secret | string | undefined>): Scrubber => {
  const needles = [
    ...new Set(
      credentials
        .map((c) => (c instanceof Secret ? c.reveal() : c))
        .filter((c): c is string => typeof c === 'string' && c.length >= MIN_SCRUBBED_LENGTH)
        .flatMap(spellings),
    ),
  ].sort((a, b) => b.length - a.length);
  return (text) =>
    needles.reduce(
      (scrubbed, needle) => (scrubbed.includes(needle) ? scrubbed.split(needle).join(REDACTED) : scrubbed),
      text,
    );
};

/** Scrubs every text field of an error value (`message`, `bodyExcerpt`, `code`, `fields`, nested errors). */
export const scrubError =
  (scrub: Scrubber) =>
  <E extends object>(error: E): E =>
    Object.fromEntries(Object.entries(error).map(([key, value]) => [key, scrubValue(scrub, value)])) as E;

const scrubValue = (scrub: Scrubber, value: unknown): unknown =>
  typeof value === 'string'
    ? scrub(value)
    : typeof value === 'object' && value !== null && !Array.isArray(value)
      ? scrubError(scrub)(value)
      : Array.isArray(value)
        ? value.map((item) => scrubValue(scrub, item))
        : value;
