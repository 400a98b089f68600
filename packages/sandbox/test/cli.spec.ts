import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as E from 'fp-ts/Either';
import { providerFromEnv } from '@invoicekit/gateway';
import { expectRight, orderEveryProviderAccepts } from '@invoicekit/testkit';
import { DEFAULT_RETRY_SCALE, PROVIDER_IDS, RETRY_SCHEDULES, runCli, type Sandbox } from '../src';
import { createCryptocloudInvoice, startReceiver } from './helpers';

/** Runs the CLI with `args` on a free port, hands the sandbox and its printed text to `run`, and closes it. */
const withCli = async <A>(
  args: ReadonlyArray<string>,
  run: (sandbox: Sandbox, printed: string) => Promise<A> | A,
): Promise<A> => {
  const lines: string[] = [];
  const sandbox = await runCli(['--port', '0', ...args], (t) => lines.push(t));
  try {
    return await run(sandbox, lines.join('\n'));
  } finally {
    await sandbox.close();
  }
};

/** Expects the CLI to refuse `args` with a commander error of this code. */
const refused = async (args: ReadonlyArray<string>, code: string) => {
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await expect(runCli(['--port', '0', ...args], () => undefined)).rejects.toMatchObject({ code });
  } finally {
    stderr.mockRestore();
  }
};

const keysOnly = (sandbox: Sandbox) =>
  Object.fromEntries(
    Object.entries(sandbox.credentials).map(([provider, { baseUrl: _baseUrl, ...keys }]) => [provider, keys]),
  );

const tempFile = (name: string) => path.join(mkdtempSync(path.join(tmpdir(), 'invoicekit-sandbox-')), name);

describe('invoicekit-sandbox CLI', () => {
  it('prints each provider’s base URL and credentials', async () => {
    const lines: string[] = [];
    const sandbox = await runCli(['--port', '0', '--webhook-url', 'http://127.0.0.1:9/hook'], (t) =>
      lines.push(t),
    );
    try {
      const text = lines.join('\n');
      expect(text).toContain(`invoicekit sandbox listening on ${sandbox.url}`);
      expect(text).toContain('http://127.0.0.1:9/hook');
      for (const provider of ['cryptoprocessing', 'alphapo', 'coinspaid'] as const) {
        const creds = sandbox.credentials[provider];
        expect(text).toContain(`baseUrl    ${sandbox.url}/${provider}/api/v2`);
        expect(text).toContain(creds.apiKey);
        expect(text).toContain(creds.secretKey);
      }
      const cc = sandbox.credentials.cryptocloud;
      expect(text).toContain(`baseUrl    ${sandbox.url}/cryptocloud`);
      for (const value of [cc.apiKey, cc.shopId, cc.secretKey]) expect(text).toContain(value);
    } finally {
      await sandbox.close();
    }
  });

  it('prints JSON with --json', async () => {
    const lines: string[] = [];
    const sandbox = await runCli(['--port', '0', '--json'], (t) => lines.push(t));
    try {
      expect(JSON.parse(lines.join('\n'))).toEqual({ url: sandbox.url, credentials: sandbox.credentials });
    } finally {
      await sandbox.close();
    }
  });

  it('chooses the id form of CryptoCloud postback tokens', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(
        runCli(['--port', '0', '--cryptocloud-token-id', 'uuid'], () => undefined),
      ).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    } finally {
      stderr.mockRestore();
    }
    const receiver = await startReceiver();
    const sandbox = await runCli(
      ['--port', '0', '--webhook-url', `${receiver.url}/hook`, '--cryptocloud-token-id', 'numeric'],
      () => undefined,
    );
    try {
      await sandbox.pay('cryptocloud', String((await createCryptocloudInvoice(sandbox))['uuid']));
      const { token, invoice_id } = JSON.parse(receiver.received[0]!.body.toString('utf8')) as {
        token: string;
        invoice_id: string;
      };
      const claims = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
      ) as object;
      expect(claims).toMatchObject({ id: parseInt(invoice_id, 36) });
    } finally {
      await sandbox.close();
      await receiver.close();
    }
  });

  describe('--credentials <file>', () => {
    it('creates the file (owner-only) with every key, then reads the same keys on the next start', async () => {
      const file = tempFile('sandbox.json');
      const first = await withCli(['--credentials', file], (sandbox, printed) => {
        expect(printed).toContain(`keys from    ${file}`);
        return keysOnly(sandbox);
      });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
      const second = await withCli(['--credentials', file], (sandbox) => keysOnly(sandbox));
      expect(second).toEqual(first);
    });

    it('keeps the keys a file gives and adds the ones it lacks', async () => {
      const file = tempFile('partial.json');
      const mine = { cryptoprocessing: { apiKey: 'pk_mine', secretKey: 'sk_mine' } };
      writeFileSync(file, JSON.stringify(mine));
      const keys = await withCli(['--credentials', file], (sandbox) => {
        expect(sandbox.credentials.cryptoprocessing).toMatchObject(mine.cryptoprocessing);
        return keysOnly(sandbox);
      });
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(keys);
      expect(Object.keys(keys)).toEqual(PROVIDER_IDS);
    });

    it.each([
      ['not JSON', '{', /is not JSON/],
      ['an unknown provider', '{"stripe":{}}', /"stripe" is not a provider/],
      [
        'a misspelt key',
        '{"cryptocloud":{"shop_id":"x"}}',
        /"cryptocloud\.shop_id" is not one of its keys \(apiKey, shopId, secretKey\)/,
      ],
      ['an empty key', '{"alphapo":{"apiKey":""}}', /"alphapo\.apiKey" must be a non-empty string/],
    ])('refuses a file with %s, saying what is wrong', async (_label, text, message) => {
      const file = tempFile('bad.json');
      writeFileSync(file, text);
      await expect(runCli(['--port', '0', '--credentials', file], () => undefined)).rejects.toThrow(message);
    });
  });

  describe('--seed <text>', () => {
    it('gives the same keys for the same seed, and other keys for another seed or none', async () => {
      const a = await withCli(['--seed', 'dev-laptop'], keysOnly);
      const b = await withCli(['--seed', 'dev-laptop'], keysOnly);
      const c = await withCli(['--seed', 'ci'], keysOnly);
      const d = await withCli([], keysOnly);
      expect(b).toEqual(a);
      for (const other of [c, d])
        for (const provider of Object.keys(a)) expect(other[provider]).not.toEqual(a[provider]);
    });

    it('lets a credentials file override seeded keys', async () => {
      const file = tempFile('seeded.json');
      writeFileSync(file, JSON.stringify({ coinspaid: { apiKey: 'pk_file' } }));
      const seeded = await withCli(['--seed', 's1'], keysOnly);
      const both = await withCli(['--seed', 's1', '--credentials', file], keysOnly);
      expect(both['coinspaid']).toEqual({ ...seeded['coinspaid'], apiKey: 'pk_file' });
      expect(both['cryptocloud']).toEqual(seeded['cryptocloud']);
    });
  });

  describe('--env <provider>', () => {
    it.each(['cryptoprocessing', 'cryptocloud'] as const)(
      'prints only the INVOICEKIT_* lines for %s, which providerFromEnv builds a working provider from',
      async (provider) =>
        withCli(['--env', provider], async (sandbox, printed) => {
          const lines = printed.split('\n');
          expect(lines[0]).toBe(`INVOICEKIT_PROVIDER=${provider}`);
          expect(lines.every((line) => /^INVOICEKIT_[A-Z_]+=\S+$/.test(line))).toBe(true);
          expect(printed).toContain(`INVOICEKIT_BASE_URL=${sandbox.credentials[provider].baseUrl}`);
          expect(printed).toContain(`INVOICEKIT_API_KEY=${sandbox.credentials[provider].apiKey}`);
          const env = Object.fromEntries(lines.map((line) => line.split(/=(.*)/s).slice(0, 2)));
          const built = providerFromEnv(env);
          if (E.isLeft(built)) throw new Error(built.left.message);
          const invoice = expectRight(
            await built.right.createInvoice(orderEveryProviderAccepts(`env-${Date.now()}`))(),
          );
          expect(sandbox.invoice(provider, invoice.id)).toBeDefined();
          if (provider === 'cryptoprocessing') {
            expect(printed).toContain('INVOICEKIT_ENVIRONMENT=sandbox');
            expect(invoice.testMode).toBe(true);
          }
        }),
    );

    it('refuses an unknown provider, and --json with it', async () => {
      await refused(['--env', 'stripe'], 'commander.invalidArgument');
      await refused(['--env', 'alphapo', '--json'], 'commander.conflictingOption');
    });
  });

  describe('--retry-scale <factor> and --retry-delays <ms>', () => {
    it('runs each provider’s documented schedule that many times faster; CryptoCloud documents none', async () =>
      withCli(['--retry-scale', '60'], (sandbox, printed) => {
        expect(sandbox.retryDelaysMs.cryptoprocessing).toEqual(
          [1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240].map((m) => m * 1000),
        );
        expect(sandbox.retryDelaysMs.cryptocloud).toEqual([]);
        expect(printed).toContain('retries    12, after 1 s, 5 s, 15 s, 30 s, 60 s, 90 s');
        expect(printed).toContain(`retries    none (${RETRY_SCHEDULES.cryptocloud.source})`);
      }));

    it(`scales by ${DEFAULT_RETRY_SCALE} by default: the first retry a minute later becomes 60 ms`, async () =>
      withCli([], (sandbox) => {
        expect(sandbox.retryDelaysMs.alphapo.slice(0, 3)).toEqual([60, 300, 900]);
      }));

    it('takes explicit delays for every provider instead', async () =>
      withCli(['--retry-delays', '5,10'], (sandbox) => {
        expect(sandbox.retryDelaysMs).toEqual(Object.fromEntries(PROVIDER_IDS.map((id) => [id, [5, 10]])));
      }));

    it.each([['0'], ['-2'], ['fast'], ['']])('refuses the scale %j', async (scale) =>
      refused(['--retry-scale', scale], 'commander.invalidArgument'),
    );

    it('refuses both at once', async () =>
      refused(['--retry-scale', '60', '--retry-delays', '5'], 'commander.conflictingOption'));
  });

  describe('--delivery-log-limit <count>', () => {
    it('keeps that many delivery attempts, dropping the oldest', async () => {
      const receiver = await startReceiver();
      try {
        await withCli(['--delivery-log-limit', '1', '--webhook-url', receiver.url], async (sandbox) => {
          await sandbox.sendCallback('coinspaid', { type: 'deposit' });
          const last = await sandbox.sendCallback('coinspaid', { type: 'deposit' });
          expect(sandbox.deliveries().map((d) => d.id)).toEqual([last.id]);
        });
      } finally {
        await receiver.close();
      }
    });

    it.each([['0'], ['1.5'], ['many'], ['']])('refuses the limit %j', async (limit) =>
      refused(['--delivery-log-limit', limit], 'commander.invalidArgument'),
    );
  });

  it('rejects a bad port', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(runCli(['--port', 'abc'], () => undefined)).rejects.toMatchObject({
        code: 'commander.invalidArgument',
      });
    } finally {
      stderr.mockRestore();
    }
  });

  it('runs as a process via tsx and stops on SIGTERM', async () => {
    const root = path.resolve(__dirname, '../../..');
    const child = spawn(
      path.join(root, 'node_modules/.bin/tsx'),
      [path.join(root, 'packages/sandbox/src/cli.ts'), '--port', '0'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 15_000);
        child.stdout.on('data', () => {
          if (out.includes('secretKey') && out.includes('cryptocloud')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/_sandbox/cryptocloud/requests`);
      expect(await res.json()).toEqual({ count: 0 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
