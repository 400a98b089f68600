#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import * as E from 'fp-ts/Either';
import type { CliOption } from './emulator';
import {
  EMULATOR_CLI_OPTIONS,
  PROVIDER_IDS,
  PROVIDER_NAMES,
  type EmulatorOptions,
  type SandboxCredentials,
} from './emulators';
import { startSandbox } from './sandbox';
import type { Sandbox } from './types';

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

const commanderOption = (line: CliOption): Option => {
  const flag = `--${line.key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const option = new Option(
    line.argument === undefined ? flag : `${flag} <${line.argument}>`,
    line.description,
  ).default(line.defaultValue);
  const parse = line.parse;
  return parse === undefined
    ? option
    : option.argParser((text: string) => {
        const read = parse(text);
        if (E.isLeft(read)) throw new InvalidArgumentError(read.left);
        return read.right;
      });
};

const listed = (names: ReadonlyArray<string>): string =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

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
    .description(`Local emulator of ${listed(PROVIDER_NAMES)}, with payments and webhooks`)
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', port, 4010)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('-w, --webhook-url <url>', 'where every provider delivers its callbacks');
  EMULATOR_CLI_OPTIONS.forEach((line) => program.addOption(commanderOption(line)));
  program
    .option('--retry-delays <ms>', 'delays between delivery attempts, comma-separated ms', delays)
    .option('--json', 'print {url, credentials} as JSON instead of the banner', false)
    .exitOverride();
  await program.parseAsync([...args], { from: 'user' });
  const opts = program.opts<{
    port: number;
    host: string;
    webhookUrl?: string;
    retryDelays?: number[];
    json: boolean;
  }>();
  const given = program.opts<Readonly<Record<string, unknown>>>();
  const emulatorOptions: EmulatorOptions = Object.fromEntries(
    EMULATOR_CLI_OPTIONS.map(({ key }) => [key, given[key]]),
  );
  const sandbox = await startSandbox({
    port: opts.port,
    host: opts.host,
    ...emulatorOptions,
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
