import { spawn } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../src';
import { createCryptocloudInvoice, startReceiver } from './helpers';

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
      const { token } = JSON.parse(receiver.received[0]!.body.toString('utf8')) as { token: string };
      const claims = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
      ) as object;
      expect(claims).toMatchObject({ id: 1 });
    } finally {
      await sandbox.close();
      await receiver.close();
    }
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
