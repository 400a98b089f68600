import type { Agent, ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import type { Transform } from 'node:stream';
import * as E from 'fp-ts/Either';
import { networkError, timeout, unexpectedResponse, type InvoiceError } from './errors';
import { setOwn } from './guards';
import type { HttpRequest, HttpResponse, HttpTransport } from './transport';
import { VERSION } from './version';

/** Options of the Node transport, the same as the axios transport's. */
export interface NodeTransportOptions {
  /** Largest response body accepted, in bytes, counted after decompression (default 1 MiB). */
  readonly maxResponseBytes?: number;
  /** Largest number of sockets per host (default 64). */
  readonly maxSockets?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_MAX_SOCKETS = 64;
const USER_AGENT = `invoicekit/${VERSION}`;
const CAP_EXCEEDED = 'response body exceeds the size cap';
const UNREADABLE = 'the response could not be read';

/* eslint-disable @typescript-eslint/no-require-imports -- node's HTTP, TLS and zlib modules load on first use, so importing invoicekit does not pay for them */
const loadHttp = (): typeof import('node:http') => require('node:http');
const loadHttps = (): typeof import('node:https') => require('node:https');
const loadZlib = (): typeof import('node:zlib') => require('node:zlib');
/* eslint-enable @typescript-eslint/no-require-imports */

/** One scheme's way out: node's `request` and the transport's keep-alive agent for it. */
interface Route {
  readonly request: (
    url: URL,
    options: RequestOptions,
    onResponse: (res: IncomingMessage) => void,
  ) => ClientRequest;
  readonly agent: Agent;
}

const routeFor = (scheme: 'http:' | 'https:', maxSockets: number): Route => {
  const module = scheme === 'https:' ? loadHttps() : loadHttp();
  return { request: module.request, agent: new module.Agent({ keepAlive: true, maxSockets }) };
};

/**
 * Codes kept as they are: POSIX system codes (`ECONNRESET`…), getaddrinfo's (`EAI_AGAIN`) and TLS
 * certificate verdicts (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`…); any other is `EUNKNOWN`.
 */
const KEPT_CODE =
  /^E[A-Z]{2,20}$|^EAI_[A-Z]{2,20}$|^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_TLS_|ERR_SSL_)[A-Z0-9_]{2,60}$/;

const codeOf = (error: unknown): string | undefined => {
  const code: unknown =
    typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

/** A failed exchange as an error: a reply node could not parse is an `UnexpectedResponse`, the rest a `NetworkError` with a kept code. */
const failure = (request: HttpRequest, error: unknown, status: number): InvoiceError => {
  const code = codeOf(error);
  if (code?.startsWith('HPE_') === true)
    return unexpectedResponse(request.provider, status, [{ path: '', message: UNREADABLE }], '');
  return networkError(request.provider, code !== undefined && KEPT_CODE.test(code) ? code : 'EUNKNOWN');
};

const flattenHeaders = (headers: IncomingHttpHeaders): Record<string, string> => {
  const flat: Record<string, string> = {};
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (value !== undefined) setOwn(flat, key, Array.isArray(value) ? value.join(', ') : value);
  }
  return flat;
};

/** The request's headers after the defaults, a caller header replacing a default of any case; the length is ours. */
const outgoingHeaders = (
  request: HttpRequest,
  length: number | undefined,
): Record<string, string | number> => {
  const headers: Record<string, string | number> = {};
  let userAgent = true;
  let accept = true;
  let acceptEncoding = true;
  for (const name of Object.keys(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-length') continue;
    if (lower === 'user-agent') userAgent = false;
    else if (lower === 'accept') accept = false;
    else if (lower === 'accept-encoding') acceptEncoding = false;
    setOwn(headers, name, request.headers[name]);
  }
  if (userAgent) headers['User-Agent'] = USER_AGENT;
  if (accept) headers.Accept = 'application/json';
  if (acceptEncoding) headers['Accept-Encoding'] = 'gzip, deflate, br';
  if (length !== undefined) headers['Content-Length'] = length;
  return headers;
};

type Encoding = 'gzip' | 'deflate' | 'br';

const encodingOf = (header: string | undefined): Encoding | undefined => {
  switch (header?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return 'gzip';
    case 'deflate':
      return 'deflate';
    case 'br':
      return 'br';
    default:
      return undefined;
  }
};

/**
 * The decompressor for `encoding`, lenient with a truncated end as browsers are; a deflate body is read
 * as zlib-wrapped when its first byte says so, else as raw deflate (some servers send that).
 */
const decompressor = (encoding: Encoding, first: Buffer): Transform => {
  const zlib = loadZlib();
  if (encoding === 'br') {
    const flush = zlib.constants.BROTLI_OPERATION_FLUSH;
    return zlib.createBrotliDecompress({ flush, finishFlush: flush });
  }
  const options = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  if (encoding === 'gzip') return zlib.createGunzip(options);
  return (first[0]! & 0x0f) === 0x08 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
};

const bodyText = (chunks: ReadonlyArray<Buffer>, size: number): string =>
  chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');

/** One exchange: resolves once, with the answer or the first failure, and never rejects. */
const exchange = (
  route: Route,
  url: URL,
  request: HttpRequest,
  cap: number,
): Promise<E.Either<InvoiceError, HttpResponse>> =>
  new Promise((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    let decoder: Transform | undefined;
    const settle = (result: E.Either<InvoiceError, HttpResponse>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const abandon = (result: E.Either<InvoiceError, HttpResponse>): void => {
      if (settled) return;
      settle(result);
      decoder?.destroy();
      req?.destroy();
    };
    const timer = setTimeout(
      () => abandon(E.left(timeout(request.provider, request.timeoutMs))),
      request.timeoutMs,
    );

    const read = (res: IncomingMessage): void => {
      const status = res.statusCode ?? 0;
      const refuse = (message: string) =>
        abandon(E.left(unexpectedResponse(request.provider, status, [{ path: '', message }], '')));
      res.on('error', (error) => abandon(E.left(failure(request, error, status))));
      res.on('close', () => {
        if (!res.complete) abandon(E.left(networkError(request.provider, 'ECONNRESET')));
      });
      const encoding = encodingOf(res.headers['content-encoding']);
      if (encoding === undefined && Number(res.headers['content-length']) > cap) {
        refuse(CAP_EXCEEDED);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      const take = (chunk: Buffer): void => {
        if (settled) return;
        size += chunk.length;
        if (size > cap) refuse(CAP_EXCEEDED);
        else chunks.push(chunk);
      };
      const done = (): void =>
        settle(E.right({ status, headers: flattenHeaders(res.headers), body: bodyText(chunks, size) }));
      if (encoding === undefined) {
        res.on('data', take);
        res.on('end', done);
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (decoder === undefined) {
          decoder = decompressor(encoding, chunk);
          decoder.on('data', take);
          decoder.on('end', done);
          decoder.on('error', () => refuse(UNREADABLE));
          decoder.on('drain', () => res.resume());
        }
        if (!decoder.write(chunk)) res.pause();
      });
      res.on('end', () => (decoder === undefined ? done() : decoder.end()));
    };

    try {
      const length =
        request.method === 'GET' && request.body === '' ? undefined : Buffer.byteLength(request.body);
      req = route.request(
        url,
        { method: request.method, headers: outgoingHeaders(request, length), agent: route.agent },
        read,
      );
      req.on('error', (error) => abandon(E.left(failure(request, error, 0))));
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        settle(
          E.left(
            unexpectedResponse(
              request.provider,
              res.statusCode ?? 0,
              [{ path: '', message: UNREADABLE }],
              '',
            ),
          ),
        );
      });
      req.end(length === undefined ? undefined : request.body, 'utf8');
    } catch (error) {
      abandon(E.left(failure(request, error, 0)));
    }
  });

const unsentFailure = (request: HttpRequest): E.Either<InvoiceError, HttpResponse> =>
  E.left(networkError(request.provider, 'EUNKNOWN'));

/**
 * Builds the transport over node:http and node:https directly, Node's default: the body sent as its exact
 * UTF-8 bytes with its length, `User-Agent` and `Accept` defaults a caller header replaces, redirects
 * returned and never followed, the body decompressed (gzip, deflate, br) and dropped once its decompressed
 * size passes the cap, one deadline over the whole exchange including the body read, keep-alive agents with
 * `maxSockets` per host and no proxy. Node's modules load on the first request, not on import.
 */
export const createNodeTransport = (options: NodeTransportOptions = {}): HttpTransport => {
  const cap = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  let http: Route | undefined;
  let https: Route | undefined;
  return (request) => () => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.resolve(unsentFailure(request));
    }
    if (url.protocol === 'http:')
      return exchange((http ??= routeFor('http:', maxSockets)), url, request, cap);
    if (url.protocol === 'https:')
      return exchange((https ??= routeFor('https:', maxSockets)), url, request, cap);
    return Promise.resolve(unsentFailure(request));
  };
};
