import { base64Encode, constantTimeEquals, md5Hex, toBytes } from '@invoicekit/core/adapter';
import { phpJsonEncode } from './phpJson';
import type { RawMember } from './rawMembers';

/**
 * The documented signature of a request body and of a webhook without its `sign`:
 * `md5(base64_encode($body) . $apiKey)`, standard base64 of the exact bytes, lower-case hex MD5.
 */
export const signBody = (body: string | Uint8Array, apiKey: string): string =>
  md5Hex(`${base64Encode(toBytes(body))}${apiKey}`);

/** The ways a webhook's `sign` is checked; each reproduces a recipe the providers publish or ship. */
export type WebhookRecipe = 'php' | 'raw';

/** Every accepted recipe, in the order they are tried. */
export const WEBHOOK_RECIPES: ReadonlyArray<WebhookRecipe> = ['php', 'raw'];

/** A webhook body read for verification: its text, its lossless parse, its top-level members and its `sign`. */
export interface SignedBody {
  readonly text: string;
  readonly value: Readonly<Record<string, unknown>>;
  readonly members: ReadonlyArray<RawMember>;
  readonly sign: string;
}

const withoutSign = (value: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'sign'));

/**
 * The text each recipe signs, or null where it cannot apply:
 * - `php`: the docs' snippet and Heleket's PHP SDK (`WebhookVerifier`): `json_decode` the body, `unset`
 *   `sign`, `json_encode($data, JSON_UNESCAPED_UNICODE)` (slashes escaped as `\/`, Unicode raw);
 * - `raw`: Heleket's Go SDK (`webhook/verifier.go`): the received top-level members but `sign`, each name and
 *   value byte for byte, joined as `{name:value,…}` (escapes, numbers and order exactly as received).
 */
export const SIGNED_TEXT: Readonly<Record<WebhookRecipe, (body: SignedBody) => string | null>> = {
  php: (body) => phpJsonEncode(withoutSign(body.value)),
  raw: (body) =>
    `{${body.members
      .filter((member) => member.key !== 'sign')
      .map((member) => `${member.keyText}:${member.valueText}`)
      .join(',')}}`,
};

const MD5_HEX = /^[0-9a-fA-F]{32}$/;

/**
 * The recipes under which `body.sign` is the signature of the body with `apiKey`, each compared in
 * constant time; every recipe is computed, whichever matches.
 */
export const matchingRecipes = (body: SignedBody, apiKey: string): ReadonlyArray<WebhookRecipe> => {
  if (!MD5_HEX.test(body.sign)) return [];
  const given = body.sign.toLowerCase();
  return WEBHOOK_RECIPES.filter((recipe) => {
    const text = SIGNED_TEXT[recipe](body);
    return text !== null && constantTimeEquals(given, signBody(text, apiKey));
  });
};

/**
 * A webhook body signed the way Cryptomus' and Heleket's PHP servers sign it, for merchants' own tests:
 * the fields PHP-encoded (slashes as `\/`), then `sign` appended as the last member.
 */
export const signWebhook = (fields: Readonly<Record<string, unknown>>, apiKey: string): string => {
  const unsigned = phpJsonEncode(withoutSign(fields)) ?? '{}';
  const sign = `"sign":"${signBody(unsigned, apiKey)}"`;
  return unsigned.startsWith('{') && unsigned !== '{}' ? `${unsigned.slice(0, -1)},${sign}}` : `{${sign}}`;
};
