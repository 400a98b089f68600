import fc from 'fast-check';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** A Node HTTP server listening on a free loopback port, whose request listener can be set later. */
export interface LoopbackServer {
  readonly url: string;
  listen(listener: http.RequestListener): void;
  readonly server: http.Server;
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 with a free port; requests wait for `listen` to supply the app. */
export const startLoopback = async (): Promise<LoopbackServer> => {
  let app: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => app(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    listen: (listener) => {
      app = listener;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Sends a raw POST over loopback and returns the status and body text. */
export const send = async (
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  method = 'POST',
): Promise<{ readonly status: number; readonly text: string; readonly headers: Headers }> => {
  const response = await fetch(url, { method, headers, ...(method === 'GET' ? {} : { body }) });
  return { status: response.status, text: await response.text(), headers: response.headers };
};

/** Sends a body of `size` bytes in chunks, without a Content-Length, and returns the status (null when the server cut it off). */
export const sendChunked = (url: string, size: number): Promise<number | null> =>
  new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    request.on('error', () => resolve(null));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!request.write(chunk)) {
          request.once('drain', pump);
          return;
        }
      }
      request.end();
    };
    pump();
  });

/**
 * Sends a POST declaring a `declared`-byte body, sends `sent` bytes of it, then hangs up: a sender that
 * dies mid-body. Resolves once the socket is destroyed, with what the server wrote back (nothing, normally).
 */
export const sendAborted = (url: string, sent: number, declared: number): Promise<string> =>
  new Promise((resolve) => {
    const { hostname, port, pathname } = new URL(url);
    const received: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${declared}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(sent, 0x20));
      setTimeout(() => {
        socket.destroy();
        resolve(Buffer.concat(received).toString('latin1'));
      }, 100);
    });
    socket.on('data', (chunk: Buffer) => void received.push(chunk));
    socket.on('error', () => undefined);
  });

/**
 * Sends the first `first` bytes of a chunked body and keeps the request open: resolves with the status
 * when the server answers before the body ends, or null after `waitMs`; then hangs up.
 */
export const sendUnfinished = (url: string, first: number, waitMs = 3000): Promise<number | null> =>
  new Promise((resolve) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } });
    const settle = (status: number | null): void => {
      clearTimeout(timer);
      request.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => settle(null), waitMs);
    request.on('response', (response) => settle(response.statusCode ?? null));
    request.on('error', () => settle(null));
    request.write(Buffer.alloc(first, 0x20));
  });

/** Resolves once `check` holds, polling every 10 ms; rejects after `waitMs`. */
export const eventually = async (check: () => boolean, waitMs = 3000): Promise<void> => {
  const until = Date.now() + waitMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** Random requests a webhook URL may receive: any method, content type, provider header and body. */
export const arbitraryRequest = fc.record({
  method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  headers: fc.dictionary(
    fc.constantFrom('content-type', 'x-processing-key', 'x-processing-signature', 'x-other'),
    fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/x-www-form-urlencoded',
        'text/plain',
        'application/json; charset=latin1',
      ),
      fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    ),
  ),
  body: fc.oneof(fc.string({ maxLength: 512 }), fc.uint8Array({ maxLength: 4096 })),
});

/** The statuses a webhook endpoint may answer with (DESIGN §7 and the request refusals). */
export const WEBHOOK_STATUSES = [200, 400, 405, 413, 500, 503];
