import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { WebhookError } from '@invoicekit/core';
import {
  isRecord,
  malformedWebhook,
  parseJsonLossless,
  readBoundedWebhook,
  signatureInvalid,
  textOrNull,
  type ReceivedWebhook,
} from '@invoicekit/core/adapter';

/**
 * The largest postback body read, in bytes. CryptoCloud's documented postbacks are under 2 KB (the
 * 2024 example with `invoice_info` is 1.2 KB as JSON, 1.6 KB form-encoded); 16 KiB leaves room for a
 * long `tx_list` and form encoding, and bounds what a forged body can cost before its token is checked.
 */
export const CRYPTOCLOUD_MAX_POSTBACK_BYTES = 16 * 1024;

/** A postback's body fields, not yet decoded. */
export type PostbackFields = Readonly<Record<string, unknown>>;

/** Reads the request once, refusing a body over `CRYPTOCLOUD_MAX_POSTBACK_BYTES` before it is copied or parsed. */
export const readPostbackRequest = readBoundedWebhook('cryptocloud', CRYPTOCLOUD_MAX_POSTBACK_BYTES);

const isForm = ({ headers, text }: ReceivedWebhook): boolean => {
  const contentType = headers['content-type'];
  return contentType !== undefined && /application\/x-www-form-urlencoded/i.test(contentType)
    ? true
    : contentType !== undefined && /json/i.test(contentType)
      ? false
      : !text.trimStart().startsWith('{');
};

const nativeJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

const tokenIn = (value: unknown): E.Either<WebhookError, string> => {
  const token = textOrNull(value);
  return token === null
    ? E.left(signatureInvalid('cryptocloud', 'the postback has no token'))
    : E.right(token.trim());
};

/**
 * Finds the `token` of a size-bounded body with the platform's own parsers (`URLSearchParams` for a
 * form, `JSON.parse` for JSON: a first form field, a last JSON member), so nothing costly runs before
 * the token is verified. A body without one is `SignatureInvalid`.
 */
export const readPostbackToken = (received: ReceivedWebhook): E.Either<WebhookError, string> => {
  if (isForm(received)) return tokenIn(new URLSearchParams(received.text).get('token'));
  const parsed = nativeJson(received.text);
  return isRecord(parsed)
    ? tokenIn(parsed.token)
    : E.left(
        signatureInvalid('cryptocloud', 'the postback body is not a JSON object, so no token can be read'),
      );
};

const unreadable = (message: string): WebhookError =>
  malformedWebhook('cryptocloud', [{ path: '', message }]);

const readForm = (text: string): E.Either<WebhookError, PostbackFields> => {
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) if (!fields.has(key)) fields.set(key, value);
  return fields.has('__proto__')
    ? E.left(unreadable('the postback body has a member named "__proto__"'))
    : E.right(Object.fromEntries(fields));
};

const readJson = (text: string): E.Either<WebhookError, PostbackFields> =>
  pipe(
    parseJsonLossless(text),
    E.filterOrElse(isRecord, () => 'not an object'),
    E.mapLeft((reason) => unreadable(`the postback body is not a readable JSON object (${reason})`)),
  );

/**
 * Reads every postback field losslessly (numbers keep their digits; in form mode `invoice_info` stays
 * the JSON text it was sent as), once the token checked out; an unreadable body is `MalformedWebhook`.
 */
export const readPostbackFields = (received: ReceivedWebhook): E.Either<WebhookError, PostbackFields> =>
  isForm(received) ? readForm(received.text) : readJson(received.text);
