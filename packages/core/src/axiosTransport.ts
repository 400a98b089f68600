import type { AxiosInstance } from 'axios';
import * as E from 'fp-ts/Either';
import { networkError, timeout, unexpectedResponse, type InvoiceError } from './errors';
import { setOwn } from './guards';
import type { HttpRequest, HttpTransport } from './transport';
import { VERSION } from './version';

/** Options of the axios transport. */
export interface AxiosTransportOptions {
  /** Largest response body accepted, in bytes (default 1 MiB). */
  readonly maxResponseBytes?: number;
  /** Largest number of sockets per host (default 64). */
  readonly maxSockets?: number;
}

const flattenHeaders = (headers: Record<string, unknown>): Record<string, string> => {
  const flat: Record<string, string> = {};
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (value === undefined || value === null) continue;
    setOwn(flat, key.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
  }
  return flat;
};

const DEFAULT_MAX_SOCKETS = 64;

/** The loaded HTTP stack: axios and a client on keep-alive agents. */
interface Stack {
  readonly client: AxiosInstance;
  readonly isAxiosError: (error: unknown) => boolean;
}

const classifyFailure = (stack: Stack | undefined, request: HttpRequest, error: unknown): InvoiceError => {
  if (stack === undefined || !stack.isAxiosError(error)) return networkError(request.provider, 'EUNKNOWN');
  const failure = error as { code?: string; message: string; response?: { status: number } };
  const code = failure.code ?? 'EUNKNOWN';
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(failure.message)) {
    return unexpectedResponse(
      request.provider,
      failure.response?.status ?? 0,
      [{ path: '', message: 'response body exceeds the size cap' }],
      '',
    );
  }
  if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_BAD_REQUEST') {
    return unexpectedResponse(
      request.provider,
      failure.response?.status ?? 0,
      [{ path: '', message: 'the response could not be read' }],
      '',
    );
  }
  return networkError(request.provider, code);
};

/** Loads axios and node's HTTP modules on first use, so importing invoicekit does not pay for them. */
const loadStack = async (options: AxiosTransportOptions): Promise<Stack> => {
  const [{ default: axios }, { Agent: HttpAgent }, { Agent: HttpsAgent }] = await Promise.all([
    import('axios'),
    import('node:http'),
    import('node:https'),
  ]);
  const maxSockets = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  const client = axios.create({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
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
  // Every request sets its own headers; axios would otherwise deep-merge its per-method defaults
  // into each one, 3.6 of its 12.5 µs config merge (BENCHMARKS.md).
  client.defaults.headers = {} as typeof client.defaults.headers;
  return { client, isAxiosError: axios.isAxiosError };
};

/**
 * Builds the axios-backed transport: keep-alive, no transforms, no redirects, capped, and one deadline
 * per request over the whole exchange. axios is loaded by the first request (inside its deadline), not
 * when the transport is built. A deadline that did not fire is kept for a later request: building an
 * `AbortController` costs Node 20 about 5% of a loopback request's throughput (BENCHMARKS.md).
 */
export const createAxiosTransport = (options: AxiosTransportOptions = {}): HttpTransport => {
  let stack: Stack | undefined;
  let loading: Promise<Stack> | undefined;
  const load = (): Promise<Stack> => (loading ??= loadStack(options).then((loaded) => (stack = loaded)));
  const spareDeadlines: AbortController[] = [];
  const maxSpare = options.maxSockets ?? DEFAULT_MAX_SOCKETS;
  return (request) => async () => {
    const deadline = spareDeadlines.pop() ?? new AbortController();
    const timer = setTimeout(() => deadline.abort(), request.timeoutMs);
    try {
      const { client } = stack ?? (await load());
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
          : classifyFailure(stack, request, error),
      );
    } finally {
      clearTimeout(timer);
      if (!deadline.signal.aborted && spareDeadlines.length < maxSpare) spareDeadlines.push(deadline);
    }
  };
};

/** The process-wide default transport, shared so keep-alive sockets are reused. */
export const defaultTransport: HttpTransport = createAxiosTransport();
