import * as E from 'fp-ts/Either';
import { networkError, timeout, unexpectedResponse, type InvoiceError } from './errors';
import { setOwn } from './guards';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport';
import { VERSION } from './version';

/** Options of the fetch transport. */
export interface FetchTransportOptions {
  /** Largest response body accepted, in bytes, counted after decompression (default 1 MiB). */
  readonly maxResponseBytes?: number;
  /** The `fetch` to call (default: the global one), e.g. a Worker's service binding or a test double. */
  readonly fetch?: typeof fetch;
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

/** What a runtime's own words for a failed connection mean, where it gives no POSIX code. */
const RUNTIME_CODES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^UND_ERR_SOCKET$/, 'ECONNRESET'],
  [/^UND_ERR_CONNECT_TIMEOUT$/, 'ETIMEDOUT'],
  [/^ConnectionRefused$|connection refused|os error 111/i, 'ECONNREFUSED'],
  [/^ConnectionReset$|connection reset|connection closed before|connection lost|os error 104/i, 'ECONNRESET'],
  [/dns error|failed to lookup address|name or service not known/i, 'ENOTFOUND'],
];

/** A POSIX system code (`ECONNRESET`) or getaddrinfo's (`EAI_AGAIN`). */
const POSIX_CODE = /^E[A-Z]{2,20}$|^EAI_[A-Z]{2,20}$/;

const ownText = (value: unknown, key: 'code' | 'message'): string | undefined => {
  try {
    const field: unknown =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    return typeof field === 'string' ? field : undefined;
  } catch {
    return undefined;
  }
};

const causeOf = (error: unknown): unknown => {
  try {
    return typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The best code a failed `fetch` carries: Node's undici puts the socket's code on `cause.code`, Bun on the
 * error itself, Deno and workerd only in words. Only a code from the table or a POSIX-shaped one is kept,
 * so no message text (which may hold the URL) reaches the error.
 */
const failureCode = (error: unknown): string => {
  const cause = causeOf(error);
  const candidates = [ownText(cause, 'code'), ownText(error, 'code')].filter((c) => c !== undefined);
  const posix = candidates.find((code) => POSIX_CODE.test(code));
  if (posix !== undefined) return posix;
  const texts = [...candidates, ownText(cause, 'message'), ownText(error, 'message')];
  for (const [pattern, code] of RUNTIME_CODES)
    if (texts.some((text) => text !== undefined && pattern.test(text))) return code;
  return 'EUNKNOWN';
};

const flattenHeaders = (headers: Headers): Record<string, string> => {
  const flat: Record<string, string> = {};
  headers.forEach((value, key) => {
    const seen = flat[key];
    setOwn(flat, key, seen === undefined ? value : `${seen}, ${value}`);
  });
  return flat;
};

const requestHeaders = (request: HttpRequest): Headers => {
  const headers = new Headers({ 'user-agent': `invoicekit/${VERSION}`, accept: 'application/json' });
  for (const [name, value] of Object.entries(request.headers)) headers.set(name, value);
  return headers;
};

/** The body as text, byte-order mark kept, or null once more than `cap` bytes arrived (the rest is never read). */
const readCapped = async (response: Response, cap: number): Promise<string | null> => {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (!response.headers.has('content-encoding') && declared > cap) {
    void response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      void reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = chunks.length === 1 ? chunks[0]! : new Uint8Array(size);
  if (chunks.length !== 1) {
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.byteLength;
    }
  }
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
};

const exchange = async (
  call: typeof fetch,
  request: HttpRequest,
  cap: number,
  signal: AbortSignal,
): Promise<E.Either<InvoiceError, HttpResponse>> => {
  const response = await call(request.url, {
    method: request.method,
    headers: requestHeaders(request),
    body: request.method === 'GET' && request.body === '' ? null : new TextEncoder().encode(request.body),
    redirect: 'manual',
    signal,
  });
  const body = await readCapped(response, cap);
  return body === null
    ? E.left(
        unexpectedResponse(
          request.provider,
          response.status,
          [{ path: '', message: 'response body exceeds the size cap' }],
          '',
        ),
      )
    : E.right({ status: response.status, headers: flattenHeaders(response.headers), body });
};

/**
 * Builds the transport over the runtime's `fetch`, the default where node:http is absent or not native
 * (workerd, browsers, Bun, Deno): the body sent as its exact UTF-8 bytes, one deadline over the whole
 * exchange including the body read, the body read as a stream and dropped at the size cap, redirects
 * returned as responses and never followed, and connection failures classified as `NetworkError` with
 * the runtime's code. Written by hand rather than using axios's fetch adapter, by measurement
 * (BENCHMARKS.md, "Runtimes"): axios would add 58 kB (22 kB gzipped) to a Worker bundle and 36 ms to its
 * cold start, and this transport answers 1.6 times the requests per second of the adapter on loopback on
 * Node and 3.3 times on Bun. Node keeps axios on keep-alive agents, 1.5 to 2 times faster than either.
 */
export const createFetchTransport = (options: FetchTransportOptions = {}): HttpTransport => {
  const cap = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return (request) => async () => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
    try {
      return await exchange(options.fetch ?? fetch, request, cap, deadline.signal);
    } catch (error) {
      return E.left(
        deadline.signal.aborted
          ? timeout(request.provider, request.timeoutMs)
          : networkError(request.provider, failureCode(error)),
      );
    } finally {
      clearTimeout(timer);
    }
  };
};
