import * as E from 'fp-ts/Either';
import { signatureInvalid, type WebhookError } from './errors';
import { isRecord, setOwn } from './guards';
import type { ProviderId } from './ids';
import { snapshotInput } from './snapshot';

/** A webhook request read once: header names in lower case, the raw body as bytes and as text. */
export interface ReceivedWebhook {
  /** Text headers by lower-case name; a repeated header is joined with `, `, a non-text one is absent. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body's exact bytes (a string body as its UTF-8), what a signature covers. */
  readonly bytes: Buffer;
  /** The body as text (a Buffer read as UTF-8). */
  readonly text: string;
}

const isText = (value: unknown): value is string => typeof value === 'string';

const headerText = (value: unknown): string | undefined =>
  isText(value) ? value : Array.isArray(value) && value.every(isText) ? value.join(', ') : undefined;

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

const readBody = (body: unknown): Pick<ReceivedWebhook, 'bytes' | 'text'> | null =>
  typeof body === 'string'
    ? { bytes: Buffer.from(body, 'utf8'), text: body }
    : Buffer.isBuffer(body)
      ? { bytes: body, text: body.toString('utf8') }
      : null;

/**
 * Reads a webhook request once (a throwing getter or revoked proxy included); anything but
 * `{ headers, body }` with the raw, unparsed body (string or Buffer) is `SignatureInvalid`, because
 * re-encoded JSON no longer matches what the provider signed.
 */
export const readWebhookRequest =
  (provider: ProviderId) =>
  (request: unknown): E.Either<WebhookError, ReceivedWebhook> => {
    const snapshot = snapshotInput(request);
    if (E.isLeft(snapshot)) {
      const { path, message } = snapshot.left;
      return E.left(signatureInvalid(provider, `the webhook request ${path || 'itself'} ${message}`));
    }
    if (!isRecord(snapshot.right)) {
      return E.left(signatureInvalid(provider, 'expected { headers, body } with the raw request body'));
    }
    const body = readBody(snapshot.right.body);
    return body === null
      ? E.left(
          signatureInvalid(
            provider,
            'the body must be the raw request body (string or Buffer), not parsed JSON',
          ),
        )
      : E.right({ headers: readHeaders(snapshot.right.headers), ...body });
  };
