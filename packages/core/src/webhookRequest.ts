import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { signatureInvalid, type WebhookError } from './errors';
import { isRecord } from './guards';
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
  const read = new Map<string, string>();
  for (const [name, value] of isRecord(headers) ? Object.entries(headers) : []) {
    const text = headerText(value);
    if (text !== undefined && !read.has(name.toLowerCase())) read.set(name.toLowerCase(), text);
  }
  return Object.fromEntries(read);
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
  (request: unknown): E.Either<WebhookError, ReceivedWebhook> =>
    pipe(
      snapshotInput(request),
      E.mapLeft((issue) =>
        signatureInvalid(provider, `the webhook request ${issue.path || 'itself'} ${issue.message}`),
      ),
      E.filterOrElseW(isRecord, () =>
        signatureInvalid(provider, 'expected { headers, body } with the raw request body'),
      ),
      E.flatMap((snapshot) =>
        pipe(
          readBody(snapshot.body),
          E.fromNullable(
            signatureInvalid(
              provider,
              'the body must be the raw request body (string or Buffer), not parsed JSON',
            ),
          ),
          E.map((body) => ({ headers: readHeaders(snapshot.headers), ...body })),
        ),
      ),
    );
