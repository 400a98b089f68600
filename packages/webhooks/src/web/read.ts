import * as E from 'fp-ts/Either';
import type { RequestPorts } from '../flow';
import { declaredTooLarge } from '../body';
import { bodyTooLarge, rawBodyUnavailable, requestAborted, type RequestRefused } from '../outcome';

const ALREADY_READ =
  'the request body was already read before the webhook handler got the Request: pass the Request on ' +
  'untouched (no request.json(), request.text() or body validator before it)';

const joined = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
};

// A fetch-style server errors the body stream when its sender hangs up mid-body.
const readChunks = async (
  body: ReadableStream<Uint8Array>,
  maxBodyBytes: number,
): Promise<E.Either<RequestRefused, Uint8Array>> => {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return E.right(joined(chunks, size));
      size += value.byteLength;
      if (size > maxBodyBytes) {
        await reader.cancel().catch(() => undefined);
        return E.left(bodyTooLarge(maxBodyBytes));
      }
      chunks.push(value);
    }
  } catch {
    return E.left(requestAborted(size));
  }
};

/** Reads a WHATWG `Request` body to its end, at most `maxBodyBytes` of it; never rejects. */
export const readRequestBody = async (
  request: Request,
  maxBodyBytes: number,
): Promise<E.Either<RequestRefused, Uint8Array>> => {
  if (request.bodyUsed || request.body?.locked === true) return E.left(rawBodyUnavailable(ALREADY_READ));
  const declared = declaredTooLarge(request.headers.get('content-length'), maxBodyBytes);
  if (E.isLeft(declared)) return declared;
  if (request.body === null) return E.right(new Uint8Array(0));
  return readChunks(request.body, maxBodyBytes);
};

/** The WHATWG `Request` ports of the request flow. */
export const ports: RequestPorts<Request> = {
  method: (request) => request.method,
  headers: (request) => Object.fromEntries(request.headers),
  body: readRequestBody,
};
