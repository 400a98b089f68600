import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import type { InvoiceError } from '../../src';
import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/adapter';

/** How the server answers one request, once its body was read. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A request the server read to its end, with its body bytes. */
export interface Received {
  readonly req: IncomingMessage;
  readonly body: Buffer;
}

/** A credential in the `Authorization` header that no error may repeat. */
export const API_KEY = 'ak_live_server_5e6f7a8b9c0d';

/** A signature header value that no error may repeat. */
export const SECRET_HEADER = 'sig_3c2b1a0f9e8d';

/** Starts `s` on a free loopback port and resolves that port. */
export const listen = (s: Server): Promise<number> =>
  new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

/** Stops `s`, dropping its kept-alive connections. */
export const close = (s: Server): Promise<void> =>
  new Promise((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  });

/** How much `endlessBody` would write before giving up: far more than any cap under test. */
export const ENDLESS_BYTES = 64 * 1024 * 1024;

/** A handler streaming a JSON answer with no length until the client stops reading, and how much it wrote. */
export const endlessBody = (): { readonly handler: Handler; readonly written: () => number } => {
  let written = 0;
  const handler: Handler = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = 'x'.repeat(16 * 1024);
    const pump = () => {
      while (written < ENDLESS_BYTES && res.write(chunk)) written += chunk.length;
      if (written < ENDLESS_BYTES && !res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => undefined);
    pump();
  };
  return { handler, written: () => written };
};

/** Fails the test if a request header value shows in any printed form of `error`. */
export const expectScrubbed = (error: InvoiceError): void => {
  for (const printed of [
    JSON.stringify(error),
    inspect(error, { depth: null, showHidden: true }),
    error.message,
  ]) {
    expect(printed).not.toContain(API_KEY);
    expect(printed).not.toContain(SECRET_HEADER);
  }
};

/** The spec's server: what it received this test, the errors seen so far, and helpers to call it. */
export interface LoopbackServer {
  /** The requests of the current test, in order, each recorded before its handler runs. */
  readonly seen: Received[];
  /** Every error `run` returned in this spec file. */
  readonly lefts: InvoiceError[];
  /** Answers the current test's requests with `handler` (reset to an empty JSON object after each test). */
  readonly handle: (handler: Handler) => void;
  /** The server's absolute URL for `path`. */
  readonly url: (path: string) => string;
  /** A `createInvoice`-shaped POST carrying both secrets, with `overrides` applied. */
  readonly request: (overrides?: Partial<HttpRequest>) => HttpRequest;
  /** Sends `req` through `transport`, recording a `Left` after checking it holds no secret. */
  readonly run: (transport: HttpTransport, req: HttpRequest) => Promise<E.Either<InvoiceError, HttpResponse>>;
}

/** Starts one loopback server for the spec file (before all, stopped after all). */
export const useLoopbackServer = (): LoopbackServer => {
  const answerEmpty: Handler = (_req, res) => res.end('{}');
  let server: Server;
  let baseUrl = '';
  let handler = answerEmpty;
  const seen: Received[] = [];
  const lefts: InvoiceError[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        seen.push({ req, body: Buffer.concat(chunks) });
        handler(req, res);
      });
    });
    baseUrl = `http://127.0.0.1:${await listen(server)}`;
  });

  afterEach(() => {
    seen.length = 0;
    handler = answerEmpty;
  });

  afterAll(async () => {
    await close(server);
  });

  const url = (path: string): string => `${baseUrl}${path}`;
  return {
    seen,
    lefts,
    handle: (next) => {
      handler = next;
    },
    url,
    request: (overrides = {}) => ({
      provider: 'cryptocloud',
      method: 'POST',
      url: url('/v2/invoice/create'),
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Token ${API_KEY}`,
        'X-Signature': SECRET_HEADER,
      },
      body: '{"amount":10}',
      timeoutMs: 2000,
      ...overrides,
    }),
    run: async (transport, req) => {
      const result = await transport(req)();
      if (E.isLeft(result)) {
        expectScrubbed(result.left);
        lefts.push(result.left);
      }
      return result;
    },
  };
};
