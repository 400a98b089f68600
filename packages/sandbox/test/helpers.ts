import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LosslessNumber } from 'lossless-json';
import { loadFixtures } from '@invoicekit/testkit';
import { startSandbox, type CallbackType, type Sandbox, type SandboxOptions } from '../src';

const fixtures = loadFixtures(join(__dirname, 'fixtures', 'documented.json'));

/**
 * The documented provider texts and bodies of `fixtures/documented.json`, each naming its `_source`,
 * read losslessly: numbers are `LosslessNumber`s with the file's exact digits.
 */
export const documented = Object.fromEntries(
  fixtures.names().map((name) => [name, fixtures.entry(name)]),
) as {
  readonly 'coinspaid.callback.error': Record<'notPaid' | 'processingTooLong' | 'underpaid', string>;
  readonly 'coinspaid.callback.keys': Record<'invoice' | CallbackType, ReadonlyArray<string>>;
  readonly 'coinspaid.error.400': Record<
    'badContentFormat' | 'amountNotANumber' | 'duplicateForeignId',
    object
  >;
  readonly 'coinspaid.error.403': Record<
    'required_header_key' | 'bad_header_key' | 'required_header_signature' | 'bad_header_signature',
    object
  >;
  readonly 'coinspaid.cancel': {
    readonly path: string;
    readonly cancellable: ReadonlyArray<string>;
    readonly invalidInvoiceState: object;
  };
  readonly 'cryptocloud.error': Record<'unauthorized' | 'cancelNotCreated' | 'cancelUuidRequired', object>;
  readonly 'cryptocloud.postback': { readonly fields: string[]; readonly tokenSeconds: LosslessNumber };
};

/** Starts a sandbox on a free port for one test and closes it afterwards. */
export const withSandbox = async <A>(
  options: SandboxOptions,
  run: (sandbox: Sandbox) => Promise<A>,
): Promise<A> => {
  const sandbox = await startSandbox({ port: 0, ...options });
  try {
    return await run(sandbox);
  } finally {
    await sandbox.close();
  }
};

/** A webhook as the test receiver got it. */
export interface Received {
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A local merchant endpoint that records raw requests and answers with the next scripted status (200 after). */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port; `statuses` are answered in order, then 200. */
export const startReceiver = async (statuses: number[] = []): Promise<Receiver> => {
  const received: Received[] = [];
  const script = [...statuses];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(script.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** Runs `run` with a receiver and a sandbox whose webhooks go to it. */
export const withReceiver = async <A>(
  options: SandboxOptions & { readonly statuses?: number[] },
  run: (sandbox: Sandbox, receiver: Receiver) => Promise<A>,
): Promise<A> => {
  const receiver = await startReceiver(options.statuses);
  try {
    return await withSandbox({ webhookUrl: `${receiver.url}/hook`, ...options }, (s) => run(s, receiver));
  } finally {
    await receiver.close();
  }
};

/** Independent HMAC-SHA512 lower-case hex, for checking the sandbox's signatures. */
export const hmac = (secret: string, body: string | Buffer): string =>
  createHmac('sha512', secret).update(body).digest('hex');

/** A parsed HTTP answer. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

const parse = async (res: Response): Promise<Answer> => {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
};

/** POSTs `body` verbatim with `headers`. */
export const post = async (
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<Answer> => parse(await fetch(url, { method: 'POST', body, headers, redirect: 'manual' }));

/** GETs `url`. */
export const get = async (url: string): Promise<Answer> => parse(await fetch(url, { redirect: 'manual' }));

/** DELETEs `url` with `headers`. */
export const del = async (url: string, headers: Record<string, string> = {}): Promise<Answer> =>
  parse(await fetch(url, { method: 'DELETE', headers }));

/** The header a program adds to a state-changing control request. */
export const intent = { 'X-Invoicekit-Sandbox': '1' };

/** Sends `body` with exactly `headers`, a `Host` of its own included (fetch always sends the URL's), over node:http. */
export const send = (
  method: string,
  url: string,
  headers: Record<string, string>,
  body = '',
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const answer = new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), {
          status: res.statusCode ?? 0,
          headers: Object.entries(res.headers).flatMap(([name, value]) =>
            value === undefined ? [] : [[name, String(value)] as [string, string]],
          ),
        });
        parse(answer).then(resolve, reject);
      });
    });
    request.on('error', reject);
    request.end(body);
  });

/** POSTs JSON text signed like a CoinsPaid-platform client. */
export const signedPost = (
  url: string,
  body: string,
  keys: { readonly apiKey: string; readonly secretKey: string },
): Promise<Answer> =>
  post(url, body, {
    'Content-Type': 'application/json',
    'X-Processing-Key': keys.apiKey,
    'X-Processing-Signature': hmac(keys.secretKey, body),
  });

/** POSTs JSON to CryptoCloud with `Authorization: Token <key>`. */
export const tokenPost = (url: string, body: unknown, apiKey: string): Promise<Answer> =>
  post(url, JSON.stringify(body), { 'Content-Type': 'application/json', Authorization: `Token ${apiKey}` });

let counter = 0;

/** A unique foreign_id / order_id. */
export const orderId = (): string => `order-${Date.now()}-${(counter += 1)}`;

/** A CryptoProcessing create body like the documented example. */
export const coinspaidRequest = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  timer: false,
  title: 'Invoice Title',
  currency: 'EUR',
  amount: 100,
  foreign_id: orderId(),
  end_user_reference: '12345',
  url_success: 'https://example.com/success',
  url_failed: 'https://example.com/failed',
  email_user: 'email@example.com',
  sender_type: 'natural',
  sender_data: { first_name: 'Friedrich', last_name: 'Müller', date_of_birth: '1995-08-17' },
  ...overrides,
});

/** Creates a CoinsPaid-platform invoice through the API and returns its `data`. */
export const createCoinspaidInvoice = async (
  sandbox: Sandbox,
  provider: 'cryptoprocessing' | 'alphapo' | 'coinspaid',
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> => {
  const creds = sandbox.credentials[provider];
  const res = await signedPost(
    `${creds.baseUrl}/invoices/create`,
    JSON.stringify(coinspaidRequest(overrides)),
    creds,
  );
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return (res.json as { data: Record<string, unknown> }).data;
};

/** Creates a CryptoCloud invoice through the API and returns its `result`. */
export const createCryptocloudInvoice = async (
  sandbox: Sandbox,
  overrides: Record<string, unknown> = {},
): Promise<Record<string, unknown>> => {
  const creds = sandbox.credentials.cryptocloud;
  const res = await tokenPost(
    `${creds.baseUrl}/v2/invoice/create`,
    { shop_id: creds.shopId, amount: 100, currency: 'USD', order_id: orderId(), ...overrides },
    creds.apiKey,
  );
  if (res.status !== 200) throw new Error(`create failed: ${res.status} ${res.text}`);
  return (res.json as { result: Record<string, unknown> }).result;
};
