import { createHmac, timingSafeEqual } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { parseJsonLossless } from '@invoicekit/core/adapter';
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

const hmac = (text: string, key: string): Buffer => createHmac('sha512', key).update(text, 'utf8').digest();

/** The lower-case hex signature `recipe` gives a losslessly parsed body, or null where the recipe cannot encode it. */
export const signWith = (recipe: SignatureRecipe, body: unknown, secret: string): string | null => {
  const text = serialiseFor(recipe, body);
  return text === null ? null : hmac(text, keyFor(recipe, secret)).toString('hex');
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

const decodeSignature = (given: string): Buffer | null => {
  const hex = given.trim();
  const decoded = Buffer.from(hex, 'hex');
  // Hex decoding stops at the first pair that is not hex, so only a 128-digit hex text decodes to 64 bytes.
  return hex.length === 2 * SIGNATURE_BYTES && decoded.length === SIGNATURE_BYTES ? decoded : null;
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
    const equal = timingSafeEqual(hmac(text, keyFor(recipe, secret)), expected);
    if (equal && matched === null) matched = recipe;
  }
  return matched;
};
