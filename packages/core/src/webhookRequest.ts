import * as E from 'fp-ts/Either';
import { copyBytes, utf8Decode, utf8Encode } from './bytes';
import { signatureInvalid, type WebhookError } from './errors';
import { isRecord, setOwn } from './guards';
import type { ProviderId } from './ids';

/** A webhook request read once: header names in lower case, the raw body as bytes and as text. */
export interface ReceivedWebhook {
  /** Text headers by lower-case name; a repeated header is joined with `, `, a non-text one is absent. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body's exact bytes (a string body as its UTF-8), what a signature covers. */
  readonly bytes: Uint8Array;
  /** The body as text (bytes read as UTF-8, a leading byte-order mark kept). */
  readonly text: string;
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** More items than any header is repeated with; a longer list is not read. */
const MAX_HEADER_ITEMS = 100;

/** A header value read once: text, or a list of texts joined with `, ` (read into a copy first). */
const headerText = (value: unknown): string | undefined => {
  if (isText(value)) return value;
  if (!Array.isArray(value)) return undefined;
  const { length } = value;
  if (!(length <= MAX_HEADER_ITEMS)) return undefined;
  const items: unknown[] = [];
  for (let i = 0; i < length; i += 1) items.push(value[i]);
  return items.every(isText) ? items.join(', ') : undefined;
};

const readHeaders = (headers: unknown): Record<string, string> => {
  const read: Record<string, string> = {};
  if (!isRecord(headers)) return read;
  for (const name of Object.keys(headers)) {
    const text = headerText(headers[name]);
    const key = name.toLowerCase();
    if (text !== undefined && !Object.prototype.hasOwnProperty.call(read, key)) setOwn(read, key, text);
  }
  return read;
};

/** The request as read, or null when its body is not the raw body (a string or bytes). */
const receivedWith = (headers: Record<string, string>, body: unknown): ReceivedWebhook | null => {
  if (typeof body === 'string') return { headers, bytes: utf8Encode(body), text: body };
  if (!ArrayBuffer.isView(body)) return null;
  const bytes = copyBytes(body);
  return { headers, bytes, text: utf8Decode(bytes) };
};

/**
 * Reads a webhook request once (a throwing getter or revoked proxy included): each header and the
 * body are read a single time and the body's bytes copied, so what is verified is what is parsed.
 * Anything but `{ headers, body }` with the raw, unparsed body (string or bytes) is `SignatureInvalid`,
 * because re-encoded JSON no longer matches what the provider signed.
 */
export const readWebhookRequest =
  (provider: ProviderId) =>
  (request: unknown): E.Either<WebhookError, ReceivedWebhook> => {
    let headers: Record<string, string>;
    let body: unknown;
    try {
      if (!isRecord(request)) {
        return E.left(signatureInvalid(provider, 'expected { headers, body } with the raw request body'));
      }
      headers = readHeaders(request.headers);
      body = request.body;
    } catch {
      return E.left(
        signatureInvalid(provider, 'the webhook request could not be read: a getter or proxy threw'),
      );
    }
    const received = receivedWith(headers, body);
    return received === null
      ? E.left(
          signatureInvalid(
            provider,
            'the body must be the raw request body (a string, or bytes such as a Buffer or Uint8Array), not parsed JSON',
          ),
        )
      : E.right(received);
  };
