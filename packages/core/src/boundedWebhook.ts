import * as E from 'fp-ts/Either';
import { utf8Length } from './bytes';
import { signatureInvalid, type WebhookError } from './errors';
import { isRecord } from './guards';
import type { ProviderId } from './ids';
import { readWebhookRequest, type ReceivedWebhook } from './webhookRequest';

/** More than `maxBytes` bytes of UTF-8 (a string) or of bytes; a string longer than the limit in code units is, whatever it holds. */
const exceeds = (body: unknown, maxBytes: number): boolean =>
  typeof body === 'string'
    ? body.length > maxBytes || utf8Length(body) > maxBytes
    : ArrayBuffer.isView(body) && body.byteLength > maxBytes;

/** The request with `headers` and `body` each read once, or the request as given when reading throws. */
const readOnce = (request: unknown): { readonly request: unknown; readonly body: unknown } => {
  try {
    if (!isRecord(request)) return { request, body: undefined };
    const body = request.body;
    return { request: { headers: request.headers, body }, body };
  } catch {
    return { request, body: undefined };
  }
};

const tooLarge = (provider: ProviderId, maxBytes: number): WebhookError =>
  signatureInvalid(
    provider,
    `the body is larger than the ${maxBytes} bytes any ${provider} webhook needs (maxWebhookBodyBytes), so it was not read`,
  );

/**
 * Reads a webhook request once, refusing a body over `maxBytes` before it is copied, decoded or parsed:
 * unverified, so `SignatureInvalid`. The limit is checked again on the bytes read.
 */
export const readBoundedWebhook = (
  provider: ProviderId,
  maxBytes: number,
): ((request: unknown) => E.Either<WebhookError, ReceivedWebhook>) => {
  const read = readWebhookRequest(provider);
  return (request) => {
    const once = readOnce(request);
    if (exceeds(once.body, maxBytes)) return E.left(tooLarge(provider, maxBytes));
    const received = read(once.request);
    return E.isRight(received) && received.right.bytes.length > maxBytes
      ? E.left(tooLarge(provider, maxBytes))
      : received;
  };
};
