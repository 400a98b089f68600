import * as E from 'fp-ts/Either';
import { runCli, startSandbox, type Sandbox } from '../src';
import { readAllowedHost } from '../src/access';
import {
  coinspaidRequest,
  createCoinspaidInvoice,
  get,
  hmac,
  intent,
  post,
  send,
  withReceiver,
  withSandbox,
} from './helpers';

const json = { 'Content-Type': 'application/json' };

const portOf = (sandbox: Sandbox): string => new URL(sandbox.url).port;

/** Every key of every provider, none of which a refused answer may show. */
const secrets = (sandbox: Sandbox): string[] =>
  Object.values(sandbox.credentials).flatMap(({ baseUrl: _baseUrl, ...keys }) => Object.values(keys));

/** A created CryptoProcessing invoice: its control `pay` URL, its page's `pay` URL and a reader of its status. */
const openInvoice = async (sandbox: Sandbox) => {
  const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing');
  const id = String(data['id']);
  return {
    control: `${sandbox.url}/_sandbox/cryptoprocessing/invoices/${id}/pay`,
    page: `${String(data['url'])}/pay`,
    state: () => sandbox.invoice('cryptoprocessing', id),
  };
};

describe('sandbox access — requests any web page can send', () => {
  it.each([
    ['Content-Type: text/plain', 'text/plain', '{"kind":"full"}', 415],
    ['a form body', 'application/x-www-form-urlencoded', 'kind=full', 415],
    [
      'a multipart form body',
      'multipart/form-data; boundary=b',
      '--b\r\nContent-Disposition: form-data; name="kind"\r\n\r\nfull\r\n--b--\r\n',
      415,
    ],
    ['no Content-Type', undefined, '', 403],
  ])(
    'refuses a POST that would pay with %s, on the control API and the hosted page; the invoice stays unpaid',
    async (_name, type, body, status) =>
      withReceiver({}, async (sandbox, receiver) => {
        const invoice = await openInvoice(sandbox);
        for (const url of [invoice.control, invoice.page]) {
          const res = await send('POST', url, type === undefined ? {} : { 'Content-Type': type }, body);
          expect(res.status).toBe(status);
          expect((res.json as { error: string }).error).toMatch(
            /send Content-Type: application\/json .* or the header X-Invoicekit-Sandbox: 1/,
          );
        }
        expect(invoice.state()).toMatchObject({ status: 'created', payment: { paid: '0.00000000' } });
        expect(receiver.received).toHaveLength(0);
        expect(sandbox.deliveries()).toHaveLength(0);
      }),
  );

  it('refuses every other state-changing control request without JSON or the header', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const data = await createCoinspaidInvoice(sandbox, 'coinspaid');
      const control = `${sandbox.url}/_sandbox/coinspaid`;
      sandbox.injectFault('cryptocloud', { kind: 'reset' });
      await createCoinspaidInvoice(sandbox, 'cryptoprocessing');
      const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
      const refused = await Promise.all([
        post(`${control}/invoices/${String(data['id'])}/expire`, '', form),
        post(`${control}/callbacks`, '{"type":"deposit"}', { 'Content-Type': 'text/plain' }),
        post(`${control}/faults`, '{"kind":"reset"}', { 'Content-Type': 'text/plain' }),
        send('DELETE', `${sandbox.url}/_sandbox/cryptocloud/faults`, {}),
        send('DELETE', `${sandbox.url}/_sandbox/requests`, {}),
        send('DELETE', `${sandbox.url}/_sandbox/cryptoprocessing/requests`, {}),
      ]);
      expect(refused.map((r) => r.status)).toEqual([415, 415, 415, 403, 403, 403]);
      expect(sandbox.invoice('coinspaid', String(data['id']))?.status).toBe('created');
      expect(receiver.received).toHaveLength(0);
      expect(sandbox.pendingFaults('coinspaid')).toBe(0);
      expect(sandbox.pendingFaults('cryptocloud')).toBe(1);
      expect(sandbox.requestCount('cryptoprocessing')).toBe(1);
    }));

  it('still serves the JSON client, the header with an empty body, and reads without either', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const first = await openInvoice(sandbox);
      const paid = await post(first.control, '{"kind":"full"}', {
        'Content-Type': 'Application/JSON; charset=utf-8',
      });
      expect(paid.status).toBe(200);
      expect(paid.json).toMatchObject({ status: 'confirmed' });
      const second = await openInvoice(sandbox);
      const byHeader = await send('POST', second.control, intent);
      expect(byHeader.status).toBe(200);
      expect(second.state()?.status).toBe('confirmed');
      expect(receiver.received).toHaveLength(4);
      expect((await send('DELETE', `${sandbox.url}/_sandbox/requests`, intent)).status).toBe(204);
      expect(sandbox.requestCount('cryptoprocessing')).toBe(0);
      expect((await get(`${sandbox.url}/_sandbox/credentials`)).json).toEqual(sandbox.credentials);
    }));
});

describe('sandbox access — Host names (DNS rebinding)', () => {
  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1.evil.example:PORT', 'localhost.evil.example'])(
    'refuses GET /_sandbox/credentials with Host %j and shows no key',
    async (host) =>
      withSandbox({}, async (sandbox) => {
        const res = await send('GET', `${sandbox.url}/_sandbox/credentials`, {
          Host: host.replace('PORT', portOf(sandbox)),
        });
        expect(res.status).toBe(403);
        expect((res.json as { error: string }).error).toMatch(/is not this sandbox's name.*--allow-host/);
        for (const secret of secrets(sandbox)) expect(res.text).not.toContain(secret);
      }),
  );

  it('refuses a rebound JSON payment and a rebound page, and the invoice stays unpaid', async () =>
    withSandbox({}, async (sandbox) => {
      const invoice = await openInvoice(sandbox);
      const host = `evil.example:${portOf(sandbox)}`;
      const origin = `http://${host}`;
      for (const url of [invoice.control, invoice.page])
        expect(
          (await send('POST', url, { ...json, Host: host, Origin: origin }, '{"kind":"full"}')).status,
        ).toBe(403);
      expect((await send('GET', invoice.page.replace(/\/pay$/, ''), { Host: host })).status).toBe(403);
      expect(invoice.state()?.status).toBe('created');
    }));

  it.each(['localhost:PORT', 'LOCALHOST', '127.0.0.1:PORT', '127.8.9.10:1', '127.1', '[::1]:PORT'])(
    'answers the loopback name %s on any port',
    async (host) =>
      withSandbox({}, async (sandbox) => {
        const res = await send('GET', `${sandbox.url}/_sandbox/credentials`, {
          Host: host.replace('PORT', portOf(sandbox)),
        });
        expect(res.status).toBe(200);
        expect(res.json).toEqual(sandbox.credentials);
      }),
  );

  it('leaves the emulated provider APIs open to any Host: server code calls them, with the keys', async () =>
    withSandbox({}, async (sandbox) => {
      const creds = sandbox.credentials.cryptoprocessing;
      const body = JSON.stringify(coinspaidRequest());
      const res = await send(
        'POST',
        `${creds.baseUrl}/invoices/create`,
        {
          ...json,
          Host: `sandbox:${portOf(sandbox)}`,
          'X-Processing-Key': creds.apiKey,
          'X-Processing-Signature': hmac(creds.secretKey, body),
        },
        body,
      );
      expect(res.status).toBe(201);
    }));
});

describe('sandbox access — pages of another origin', () => {
  it.each([
    ['Origin of another site', { Origin: 'http://evil.example' }],
    ['Origin of another port (same site)', { Origin: 'http://127.0.0.1:1' }],
    ['Origin: null', { Origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
  ])('refuses a JSON payment and a credentials read with %s', async (_name, headers) =>
    withSandbox({}, async (sandbox) => {
      const invoice = await openInvoice(sandbox);
      for (const url of [invoice.control, invoice.page]) {
        const res = await post(url, '{"kind":"full"}', { ...json, ...headers });
        expect(res.status).toBe(403);
        expect((res.json as { error: string }).error).toMatch(/^a page of another origin may not/);
      }
      expect(invoice.state()?.status).toBe('created');
      const read = await send('GET', `${sandbox.url}/_sandbox/credentials`, headers);
      expect(read.status).toBe(403);
      for (const secret of secrets(sandbox)) expect(read.text).not.toContain(secret);
    }),
  );

  it('accepts its own origin, a typed-in address, and navigation to a page from a shop', async () =>
    withSandbox({}, async (sandbox) => {
      const invoice = await openInvoice(sandbox);
      const own = { Origin: sandbox.url, 'Sec-Fetch-Site': 'same-origin' };
      expect((await post(invoice.page, '{"kind":"full"}', { ...json, ...own })).status).toBe(200);
      expect(invoice.state()?.status).toBe('confirmed');
      const typed = await send('GET', `${sandbox.url}/_sandbox/credentials`, { 'Sec-Fetch-Site': 'none' });
      expect(typed.status).toBe(200);
      const navigated = await send('GET', invoice.page.replace(/\/pay$/, ''), {
        'Sec-Fetch-Site': 'cross-site',
        'Sec-Fetch-Mode': 'navigate',
      });
      expect(navigated.status).toBe(200);
      expect(navigated.headers.get('content-type')).toMatch(/^text\/html/);
    }));
});

describe('sandbox access — allowed hosts', () => {
  it('answers hosts allowed by name (any port) or by name:port, and no others', async () => {
    const sandbox = await startSandbox({ allowedHosts: ['Sandbox', 'proxy.example:8443', 'plain:80'] });
    try {
      const status = async (host: string) =>
        (await send('GET', `${sandbox.url}/_sandbox/credentials`, { Host: host })).status;
      expect(await status('sandbox:4010')).toBe(200);
      expect(await status('SANDBOX')).toBe(200);
      expect(await status('proxy.example:8443')).toBe(200);
      expect(await status('proxy.example:8444')).toBe(403);
      expect(await status('proxy.example')).toBe(403);
      expect(await status('plain')).toBe(200);
      expect(await status('plain:81')).toBe(403);
      expect(await status('sandbox.evil.example')).toBe(403);
    } finally {
      await sandbox.close();
    }
  });

  it('answers the name it listens on, which its own URLs carry', async () =>
    withSandbox({ host: '0.0.0.0' }, async (sandbox) => {
      expect(sandbox.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      const status = async (host: string) =>
        (await send('GET', `${sandbox.url}/_sandbox/credentials`, { Host: host })).status;
      expect(await status(`0.0.0.0:${portOf(sandbox)}`)).toBe(200);
      expect(await status('evil.example')).toBe(403);
    }));

  it.each([['a/b'], ['evil@127.0.0.1'], [''], ['sandbox:99999'], ['a b']])(
    'refuses to start with allowedHosts %j',
    async (host) => {
      const started = startSandbox({ allowedHosts: [host] }).then(async (sandbox) => {
        await sandbox.close();
        return sandbox;
      });
      await expect(started).rejects.toThrow(RangeError);
    },
  );

  it('takes --allow-host from the CLI, repeatable', async () => {
    const sandbox = await runCli(
      ['--port', '0', '--allow-host', 'sandbox', '--allow-host', 'other:1'],
      () => undefined,
    );
    try {
      const status = async (host: string) =>
        (await send('GET', `${sandbox.url}/_sandbox/credentials`, { Host: host })).status;
      expect(await status('sandbox:4010')).toBe(200);
      expect(await status('other:1')).toBe(200);
      expect(await status('other:2')).toBe(403);
      expect(await status('evil.example')).toBe(403);
    } finally {
      await sandbox.close();
    }
  });

  it('refuses an --allow-host that is not a host name', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(runCli(['--port', '0', '--allow-host', 'a/b'], () => undefined)).rejects.toMatchObject({
        code: 'commander.invalidArgument',
      });
    } finally {
      stderr.mockRestore();
    }
  });

  it('reads a host name with or without a port', () => {
    expect(readAllowedHost('Sandbox')).toEqual(E.right({ hostname: 'sandbox', port: undefined }));
    expect(readAllowedHost('sandbox:4010')).toEqual(E.right({ hostname: 'sandbox', port: '4010' }));
    expect(readAllowedHost('sandbox:80')).toEqual(E.right({ hostname: 'sandbox', port: '' }));
    expect(readAllowedHost('[::1]:4010')).toEqual(E.right({ hostname: '[::1]', port: '4010' }));
    expect(E.isLeft(readAllowedHost('http://sandbox'))).toBe(true);
  });
});
