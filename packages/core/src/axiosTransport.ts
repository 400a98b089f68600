import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, isAxiosError } from 'axios';
import * as E from 'fp-ts/Either';
import { networkError, timeout, unexpectedResponse, type InvoiceError } from './errors';
import type { HttpRequest, HttpTransport } from './transport';
import { VERSION } from './version';

/** Options of the axios transport. */
export interface AxiosTransportOptions {
  /** Largest response body accepted, in bytes (default 1 MiB). */
  readonly maxResponseBytes?: number;
  /** Largest number of sockets per host (default 64). */
  readonly maxSockets?: number;
}

const flattenHeaders = (headers: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]),
  );

const classifyFailure = (request: HttpRequest, error: unknown): InvoiceError => {
  if (!isAxiosError(error)) return networkError(request.provider, 'EUNKNOWN');
  const code = error.code ?? 'EUNKNOWN';
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
    return unexpectedResponse(
      request.provider,
      error.response?.status ?? 0,
      [{ path: '', message: 'response body exceeds the size cap' }],
      '',
    );
  }
  if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_BAD_REQUEST') {
    return unexpectedResponse(
      request.provider,
      error.response?.status ?? 0,
      [{ path: '', message: 'the response could not be read' }],
      '',
    );
  }
  return networkError(request.provider, code);
};

/** Builds the axios-backed transport: keep-alive, no transforms, no redirects, capped, timed. */
export const createAxiosTransport = (options: AxiosTransportOptions = {}): HttpTransport => {
  const maxSockets = options.maxSockets ?? 64;
  const client: AxiosInstance = axios.create({
    httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
    transformRequest: [],
    transformResponse: [],
    responseType: 'text',
    responseEncoding: 'utf8',
    maxRedirects: 0,
    maxContentLength: options.maxResponseBytes ?? 1024 * 1024,
    validateStatus: () => true,
    proxy: false,
    decompress: true,
  });
  return (request) => async () => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
    try {
      const response = await client.request<string>({
        method: request.method,
        url: request.url,
        data: request.body,
        signal: deadline.signal,
        headers: { 'User-Agent': `invoicekit/${VERSION}`, Accept: 'application/json', ...request.headers },
      });
      return E.right({
        status: response.status,
        headers: flattenHeaders(response.headers as Record<string, unknown>),
        body: typeof response.data === 'string' ? response.data : String(response.data ?? ''),
      });
    } catch (error) {
      return E.left(
        deadline.signal.aborted
          ? timeout(request.provider, request.timeoutMs)
          : classifyFailure(request, error),
      );
    } finally {
      clearTimeout(timer);
    }
  };
};

/** The process-wide default transport, shared so keep-alive sockets are reused. */
export const defaultTransport: HttpTransport = createAxiosTransport();
