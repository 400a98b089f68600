import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as TE from 'fp-ts/TaskEither';
import type { JWTPayload } from 'jose';
import { type Secret, type WebhookError } from '@invoicekit/core';
import { signatureInvalid, utf8Encode } from '@invoicekit/core/adapter';
import { bareInvoiceId, invoiceUuid } from './codecs';
import { hs256Refusal, WRONG_KEY_REASON } from './hs256';

/** Largest clock skew accepted on the token's `exp` and `iat`, in seconds. */
export const POSTBACK_CLOCK_TOLERANCE_SECONDS = 60;

/** How long a token made by `signPostbackToken` lives by default, as CryptoCloud's do (5 minutes). */
export const POSTBACK_TOKEN_LIFETIME_SECONDS = 300;

/**
 * The longest lifetime accepted, in seconds: `exp` at most this far after `iat` and after now. CryptoCloud
 * documents 5 minutes and a new token per send; 24 hours refuses never-expiring tokens and leaves room
 * for an undocumented change, since a refused postback may never be re-sent (no retry policy is documented).
 */
export const POSTBACK_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/**
 * What a verified token's `id` claim names. CryptoCloud's only published token carries a number
 * (`{"id":13,…}`), third-party code compares it with the bare invoice id: both forms occur.
 */
export type TokenClaim =
  { readonly kind: 'number'; readonly value: number } | { readonly kind: 'invoice'; readonly value: string };

type Jose = typeof import('jose');

let jose: Jose | undefined;

/** jose is loaded by the first postback or token, so importing the adapter does not pay for it. */
const loadJose = async (): Promise<Jose> => (jose ??= await import('jose'));

const joseReasons = ({ errors }: Jose): Readonly<Record<string, string>> => ({
  [errors.JWTExpired.code]: 'the token has expired',
  [errors.JWSSignatureVerificationFailed.code]: WRONG_KEY_REASON,
  [errors.JOSEAlgNotAllowed.code]: 'the token is not signed with HS256',
  [errors.JWTClaimValidationFailed.code]: 'the token claims are invalid (exp is required)',
  [errors.JWSInvalid.code]: 'the token is not a valid JWS',
  [errors.JWTInvalid.code]: 'the token is not a valid JWT',
  [errors.JOSENotSupported.code]: 'the token uses an unsupported algorithm',
});

const tokenFailure = (error: unknown): WebhookError => {
  const reason =
    jose !== undefined && error instanceof jose.errors.JOSEError ? joseReasons(jose)[error.code] : undefined;
  return signatureInvalid('cryptocloud', reason ?? 'the token could not be verified');
};

const FROM_THE_FUTURE = `the token was issued in the future (iat more than ${POSTBACK_CLOCK_TOLERANCE_SECONDS} s ahead of this clock)`;
const TOO_LONG_LIVED = `the token lives implausibly long (exp more than ${POSTBACK_MAX_TOKEN_LIFETIME_SECONDS / 3600} h after iat or now; CryptoCloud's live 5 minutes)`;

/** Refuses, like an expired token, one issued in the future or expiring implausibly far ahead; jose has checked both are numbers. */
const checkTimes =
  (currentDate: Date) =>
  (claims: JWTPayload): E.Either<WebhookError, JWTPayload> => {
    const now = Math.floor(currentDate.getTime() / 1000);
    const { iat, exp } = claims;
    if (iat !== undefined && iat > now + POSTBACK_CLOCK_TOLERANCE_SECONDS) {
      return E.left(signatureInvalid('cryptocloud', FROM_THE_FUTURE));
    }
    const longest = Math.min(now, iat ?? now) + POSTBACK_MAX_TOKEN_LIFETIME_SECONDS;
    return exp !== undefined && exp > longest
      ? E.left(signatureInvalid('cryptocloud', TOO_LONG_LIVED))
      : E.right(claims);
  };

/**
 * Verifies `token` as an HS256 JWT with a required `exp`, keyed with the secret key, then bounds its
 * time claims (`iat` not in the future, `exp` within `POSTBACK_MAX_TOKEN_LIFETIME_SECONDS`); returns its
 * claims. One HMAC refuses a token not signed with the key before jose verifies the rest.
 */
export const verifyPostbackToken = (
  secretKey: Secret,
  now: () => Date,
): ((token: string) => TE.TaskEither<WebhookError, JWTPayload>) => {
  const key = utf8Encode(secretKey.reveal());
  const refusal = hs256Refusal(key);
  return (token) => {
    const reason = refusal(token);
    if (reason !== null) return TE.left(signatureInvalid('cryptocloud', reason));
    return pipe(
      TE.tryCatch(async () => {
        const { jwtVerify } = await loadJose();
        const currentDate = now();
        const verified = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          requiredClaims: ['exp'],
          clockTolerance: POSTBACK_CLOCK_TOLERANCE_SECONDS,
          currentDate,
        });
        return { claims: verified.payload, currentDate };
      }, tokenFailure),
      TE.flatMapEither(({ claims, currentDate }) => checkTimes(currentDate)(claims)),
    );
  };
};

/** Reads the `id` claim: a whole number, or non-empty text naming an invoice; anything else names no invoice. */
export const readTokenClaim = (claims: JWTPayload): E.Either<WebhookError, TokenClaim> => {
  const id = claims.id;
  return typeof id === 'string' && id.trim() !== ''
    ? E.right({ kind: 'invoice', value: id.trim() })
    : typeof id === 'number' && Number.isSafeInteger(id)
      ? E.right({ kind: 'number', value: id })
      : E.left(signatureInvalid('cryptocloud', 'the token names no invoice (claim "id")'));
};

/**
 * How `signPostbackToken` writes the `id` claim: `'bare'` (`89UX09KA`, what CryptoCloud4j compares
 * with), `'prefixed'` (`INV-89UX09KA`) or a number (like the published sample's `13`).
 */
export type PostbackTokenClaim = 'bare' | 'prefixed' | number;

/** Options of `signPostbackToken`: lifetime (default 300 s), issue time (default now) and the claim form (default `'bare'`). */
export interface PostbackTokenOptions {
  readonly expiresInSeconds?: number;
  readonly now?: Date;
  readonly claim?: PostbackTokenClaim;
}

const claimValue = (invoiceId: string, claim: PostbackTokenClaim): string | number =>
  claim === 'bare' ? bareInvoiceId(invoiceId) : claim === 'prefixed' ? invoiceUuid(invoiceId) : claim;

/** Signs a postback token as CryptoCloud does (HS256, claims `{id, exp}`), for tests and the sandbox. */
export const signPostbackToken = async (
  invoiceId: string,
  secretKey: string,
  options: PostbackTokenOptions = {},
): Promise<string> => {
  const { SignJWT } = await loadJose();
  return new SignJWT({ id: claimValue(invoiceId, options.claim ?? 'bare') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setExpirationTime(
      Math.floor((options.now ?? new Date()).getTime() / 1000) +
        (options.expiresInSeconds ?? POSTBACK_TOKEN_LIFETIME_SECONDS),
    )
    .sign(new TextEncoder().encode(secretKey));
};
