import * as E from 'fp-ts/Either';
import {
  hexDecode,
  hmacSha512,
  hmacSha512Hex,
  parseJsonLossless,
  timingSafeEqual,
} from '@invoicekit/core/adapter';
import { SIGNATURE_RECIPES, serialiseFor, type SignatureRecipe } from './recipes';

/** The header that carries an IPN's signature. */
export const SIGNATURE_HEADER = 'x-nowpayments-sig';

const SIGNATURE_BYTES = 64;

// The PHP example keys the HMAC with trim($this->ipn_secret); Node and Python use the secret as given.
const PHP_BLANKS = new Set([' ', '\t', '\n', '\r', '\0', '\u000b']);

const phpTrim = (text: string): string => {
  let start = 0;
  let end = text.length;
  while (start < end && PHP_BLANKS.has(text[start]!)) start += 1;
  while (end > start && PHP_BLANKS.has(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
};

const keyFor = (recipe: SignatureRecipe, secret: string): string =>
  recipe === 'php-tksort' ? phpTrim(secret) : secret;

/** The lower-case hex signature `recipe` gives a losslessly parsed body, or null where the recipe cannot encode it. */
export const signWith = (recipe: SignatureRecipe, body: unknown, secret: string): string | null => {
  const text = serialiseFor(recipe, body);
  return text === null ? null : hmacSha512Hex(keyFor(recipe, secret), text);
};

/** Signs an IPN body text as NOWPayments' current Node example does, for merchants' tests and the sandbox. */
export const signIpn = (
  bodyText: string,
  secret: string,
  recipe: SignatureRecipe = 'node-sort-object',
): E.Either<string, string> => {
  const parsed = parseJsonLossless(bodyText);
  if (E.isLeft(parsed)) return parsed;
  const signature = signWith(recipe, parsed.right, secret);
  return signature === null ? E.left(`the ${recipe} recipe cannot encode this body`) : E.right(signature);
};

const decodeSignature = (given: string): Uint8Array | null => {
  const decoded = hexDecode(given.trim());
  return decoded !== null && decoded.length === SIGNATURE_BYTES ? decoded : null;
};

/**
 * The first published recipe whose HMAC-SHA512 of the re-serialised body, keyed with the IPN secret,
 * equals `given` (hex, any case), each compared in constant time and all of them always computed; null
 * when none does.
 */
export const matchingRecipe = (body: unknown, given: string, secret: string): SignatureRecipe | null => {
  const expected = decodeSignature(given);
  if (expected === null) return null;
  let matched: SignatureRecipe | null = null;
  for (const recipe of SIGNATURE_RECIPES) {
    const text = serialiseFor(recipe, body);
    if (text === null) continue;
    const equal = timingSafeEqual(hmacSha512(keyFor(recipe, secret), text), expected);
    if (equal && matched === null) matched = recipe;
  }
  return matched;
};
