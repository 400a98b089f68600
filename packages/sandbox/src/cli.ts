#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { startSandbox } from './sandbox';
import {
  CRYPTOCLOUD_TOKEN_IDS,
  PROVIDER_IDS,
  type CryptocloudTokenId,
  type Sandbox,
  type SandboxCredentials,
} from './types';

const port = (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be a port number 0–65535');
  return n;
};

const delays = (text: string): number[] => {
  const list = text.split(',').map((s) => Number(s.trim()));
  if (list.some((n) => !Number.isFinite(n) || n < 0))
    throw new InvalidArgumentError('must be comma-separated milliseconds, e.g. 1000,5000,15000');
  return list;
};

const format = (text: string): 'json' | 'form' => {
  if (text !== 'json' && text !== 'form') throw new InvalidArgumentError('must be json or form');
  return text;
};

const tokenId = (text: string): CryptocloudTokenId => {
  const form = CRYPTOCLOUD_TOKEN_IDS.find((id) => id === text);
  if (form === undefined) throw new InvalidArgumentError(`must be ${CRYPTOCLOUD_TOKEN_IDS.join(', ')}`);
  return form;
};

/** The human-readable banner: base URL, control API, and every provider's credentials. */
export const describeSandbox = (
  sandbox: Pick<Sandbox, 'url' | 'credentials'>,
  webhookUrl?: string,
): string => {
  const creds: SandboxCredentials = sandbox.credentials;
  const lines = [
    `invoicekit sandbox listening on ${sandbox.url}`,
    `  control API  ${sandbox.url}/_sandbox  (see packages/sandbox/README.md)`,
    `  webhooks     ${webhookUrl ?? '(none; pass --webhook-url to receive callbacks)'}`,
  ];
  for (const provider of PROVIDER_IDS) {
    lines.push('', provider);
    for (const [name, value] of Object.entries(creds[provider])) lines.push(`  ${name.padEnd(10)} ${value}`);
  }
  return lines.join('\n');
};

/** Parses `args` (without `node` and the script), starts a sandbox and prints its credentials and base URLs. */
export const runCli = async (
  args: ReadonlyArray<string>,
  print: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
): Promise<Sandbox> => {
  const program = new Command()
    .name('invoicekit-sandbox')
    .description(
      'Local emulator of CryptoProcessing, AlphaPo, CoinsPaid and CryptoCloud, with payments and webhooks',
    )
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', port, 4010)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('-w, --webhook-url <url>', 'where every provider delivers its callbacks')
    .option(
      '--cryptocloud-postback-format <format>',
      'CryptoCloud postback encoding: json or form',
      format,
      'json',
    )
    .option('--cryptocloud-test-mode', 'mark CryptoCloud invoices test_mode: true', false)
    .option(
      '--cryptocloud-token-id <form>',
      'the id claim of CryptoCloud postback tokens: bare, prefixed or numeric',
      tokenId,
      'bare',
    )
    .option('--retry-delays <ms>', 'delays between delivery attempts, comma-separated ms', delays)
    .option('--json', 'print {url, credentials} as JSON instead of the banner', false)
    .exitOverride();
  await program.parseAsync([...args], { from: 'user' });
  const opts = program.opts<{
    port: number;
    host: string;
    webhookUrl?: string;
    cryptocloudPostbackFormat: 'json' | 'form';
    cryptocloudTestMode: boolean;
    cryptocloudTokenId: CryptocloudTokenId;
    retryDelays?: number[];
    json: boolean;
  }>();
  const sandbox = await startSandbox({
    port: opts.port,
    host: opts.host,
    cryptocloudPostbackFormat: opts.cryptocloudPostbackFormat,
    cryptocloudTestMode: opts.cryptocloudTestMode,
    cryptocloudTokenId: opts.cryptocloudTokenId,
    ...(opts.webhookUrl === undefined ? {} : { webhookUrl: opts.webhookUrl }),
    ...(opts.retryDelays === undefined ? {} : { retryDelaysMs: opts.retryDelays }),
  });
  print(
    opts.json
      ? JSON.stringify({ url: sandbox.url, credentials: sandbox.credentials }, null, 2)
      : describeSandbox(sandbox, opts.webhookUrl),
  );
  return sandbox;
};

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (sandbox) => {
      const stop = () => void sandbox.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (e: unknown) => {
      const code = (e as { exitCode?: unknown }).exitCode;
      if (typeof code !== 'number') process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(typeof code === 'number' ? code : 1);
    },
  );
}
