import * as E from 'fp-ts/Either';
import { setOwn } from './guards';
import { isLosslessNumber, parseJsonLossless, stringifyJson } from './json';
import { credentialScrubber, type Scrubber } from './scrub';

const REDACTED = '[redacted]';

/**
 * JSON member names whose values are personal data in some provider's bodies: the customer's email
 * (CoinsPaid `email_user`, CryptoCloud `email`, BTCPay `buyerEmail` and its other `buyer*` fields) and
 * the MiCA sender data (`sender_data` and each of its fields). Matched without regard to case.
 */
export const DEFAULT_PERSONAL_FIELDS: ReadonlyArray<string> = [
  'email',
  'email_user',
  'buyerEmail',
  'buyerName',
  'buyerPhone',
  'buyerAddress1',
  'buyerAddress2',
  'buyerCity',
  'buyerState',
  'buyerZip',
  'buyerCountry',
  'sender_data',
  'first_name',
  'last_name',
  'date_of_birth',
  'legal_name',
  'country_of_registration',
];

/** A request body and its answer's body, as hook events carry them. */
export interface RedactedExchange {
  readonly url: string;
  readonly requestBody: string;
  readonly responseBody: string | null;
}

/** Redacts one exchange for a hook event. */
export type ExchangeRedactor = (
  url: string,
  requestBody: string,
  responseBody: string | null,
) => RedactedExchange;

const leaves = (value: unknown, into: string[]): void => {
  if (typeof value === 'string') into.push(value);
  else if (isLosslessNumber(value)) into.push(value.toString());
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => leaves(v, into));
};

/** What a walk redacted: the text values it removed, and how many members. */
interface Redaction {
  readonly seen: string[];
  members: number;
}

const redactMembers = (value: unknown, personal: ReadonlySet<string>, redaction: Redaction): unknown => {
  if (typeof value !== 'object' || value === null || isLosslessNumber(value)) return value;
  if (Array.isArray(value)) return value.map((item) => redactMembers(item, personal, redaction));
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (personal.has(key.toLowerCase())) {
      leaves(member, redaction.seen);
      redaction.members += 1;
      setOwn(copy, key, REDACTED);
    } else {
      setOwn(copy, key, redactMembers(member, personal, redaction));
    }
  }
  return copy;
};

/**
 * Builds the redactor of a provider's hook events: members named in `DEFAULT_PERSONAL_FIELDS` or
 * `personalFields` (any depth of a JSON body) become `[redacted]`; every text value they held is then
 * scrubbed wherever else it appears in the exchange (a description, an echo in an error, the URL), and so
 * is every configured credential (`scrub`). A body that names no such member is only scrubbed, unparsed.
 */
export const exchangeRedactor = (
  scrub: Scrubber,
  personalFields: ReadonlyArray<string> = [],
): ExchangeRedactor => {
  const personal = new Set([...DEFAULT_PERSONAL_FIELDS, ...personalFields].map((name) => name.toLowerCase()));
  const quoted = [...personal].map((name) => `"${name}"`);
  const mayName = (body: string): boolean => {
    const lower = body.toLowerCase();
    return quoted.some((name) => lower.includes(name));
  };
  const members = (body: string, seen: string[]): string => {
    if (!mayName(body)) return body;
    const parsed = parseJsonLossless(body);
    if (E.isLeft(parsed)) return body;
    const redaction: Redaction = { seen, members: 0 };
    const redacted = redactMembers(parsed.right, personal, redaction);
    return redaction.members === 0 ? body : stringifyJson(redacted);
  };
  return (url, requestBody, responseBody) => {
    const seen: string[] = [];
    const request = members(requestBody, seen);
    const response = responseBody === null ? null : members(responseBody, seen);
    const values = seen.length === 0 ? (text: string) => text : credentialScrubber(seen);
    const clean = (text: string): string => scrub(values(text));
    return {
      url: clean(url),
      requestBody: clean(request),
      responseBody: response === null ? null : clean(response),
    };
  };
};
