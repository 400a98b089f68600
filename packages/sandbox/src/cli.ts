#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import * as E from 'fp-ts/Either';
import { readAllowedHost } from './access';
import { readCredentialsFile, saveCredentialsFile } from './credentialsFile';
import type { CliOption } from './emulator';
import {
  EMULATOR_CLI_OPTIONS,
  PROVIDER_IDS,
  PROVIDER_NAMES,
  RETRY_SCHEDULES,
  type EmulatorOptions,
  type SandboxCredentials,
  type SandboxProviderId,
} from './emulators';
import { CLIENT_COMMANDS, runClient } from './client';
import { wantsColour } from './console';
import { envLines } from './env';
import { DEFAULT_RETRY_SCALE, isRetryScale } from './retry';
import { DEFAULT_DELIVERY_LOG_LIMIT, isDeliveryLogLimit } from './delivery';
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

const deliveryLogLimit = (text: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !isDeliveryLogLimit(n))
    throw new InvalidArgumentError('must be a whole number of at least 1, e.g. 10000');
  return n;
};

const retryScale = (text: string): number => {
  const n = Number(text);
  if (text.trim() === '' || !isRetryScale(n))
    throw new InvalidArgumentError(
      'must be a number above 0, e.g. 60 (minutes become seconds) or 1 (real time)',
    );
  return n;
};

const allowHost = (text: string, previous: ReadonlyArray<string>): string[] => {
  const read = readAllowedHost(text);
  if (E.isLeft(read)) throw new InvalidArgumentError(read.left);
  return [...previous, text];
};

const orThrow = <A>(result: E.Either<string, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right;
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

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;

const retries = (provider: SandboxProviderId, delays: ReadonlyArray<number>): string =>
  delays.length === 0
    ? `none (${RETRY_SCHEDULES[provider].source})`
    : `${delays.length}, after ${delays.map(seconds).join(', ')}`;

/** What the banner says beyond the sandbox itself: where webhooks go and where the keys live. */
export interface BannerContext {
  readonly webhookUrl?: string;
  readonly credentialsFile?: string;
}

/** The human-readable banner: base URL, control API, and every provider's credentials and retries. */
export const describeSandbox = (
  sandbox: Pick<Sandbox, 'url' | 'credentials' | 'retryDelaysMs'>,
  context: BannerContext = {},
): string => {
  const creds: SandboxCredentials = sandbox.credentials;
  const lines = [
    `invoicekit sandbox listening on ${sandbox.url}`,
    `  control API  ${sandbox.url}/_sandbox  (see the @invoicekit/sandbox README)`,
    `  drive it     invoicekit-sandbox trigger --list | resend <deliveryId> | advance 15m`,
    `  webhooks     ${context.webhookUrl ?? '(none; pass --webhook-url to receive callbacks)'}`,
    ...(context.credentialsFile === undefined ? [] : [`  keys from    ${context.credentialsFile}`]),
  ];
  for (const provider of PROVIDER_IDS) {
    lines.push('', provider);
    for (const [name, value] of Object.entries(creds[provider])) lines.push(`  ${name.padEnd(10)} ${value}`);
    lines.push(`  ${'retries'.padEnd(10)} ${retries(provider, sandbox.retryDelaysMs[provider])}`);
  }
  return lines.join('\n');
};

const toStdout = (text: string) => process.stdout.write(`${text}\n`);
const toStderr = (text: string) => process.stderr.write(`${text}\n`);

/**
 * Parses `args` (without `node` and the script), starts a sandbox and prints its credentials and base
 * URLs with `print`, then one console line per API call and delivery attempt (to `report` instead
 * with `--env` or `--json`, which keep `print`'s output clean, as does `--quiet`).
 */
export const runCli = async (
  args: ReadonlyArray<string>,
  print: (text: string) => void = toStdout,
  report: (text: string) => void = toStderr,
): Promise<Sandbox> => {
  const program = new Command()
    .name('invoicekit-sandbox')
    .description(`Local emulator of ${listed(PROVIDER_NAMES)}, with payments and webhooks`)
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', port, 4010)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option(
      '--allow-host <host>',
      'a Host name (name or name:port) pages and the control API answer besides loopback ones; repeatable',
      allowHost,
      [],
    )
    .option('-w, --webhook-url <url>', 'where every provider delivers its callbacks');
  EMULATOR_CLI_OPTIONS.forEach((line) => program.addOption(commanderOption(line)));
  program
    .addOption(
      new Option(
        '--retry-scale <factor>',
        `retry failed deliveries on each provider's documented schedule, this many times faster`,
      )
        .argParser(retryScale)
        .default(DEFAULT_RETRY_SCALE),
    )
    .addOption(
      new Option(
        '--retry-delays <ms>',
        'delays between delivery attempts, comma-separated ms, for every provider',
      )
        .argParser(delays)
        .conflicts('retryScale'),
    )
    .addOption(
      new Option(
        '--delivery-log-limit <count>',
        'keep the latest this many delivery attempts in the log, dropping the oldest',
      )
        .argParser(deliveryLogLimit)
        .default(DEFAULT_DELIVERY_LOG_LIMIT),
    )
    .option(
      '--credentials <file>',
      'read the keys from this JSON file; create it (or add what it lacks) if needed',
    )
    .option('--seed <text>', 'derive the generated keys from this text: the same seed, the same keys')
    .addOption(
      new Option(
        '--env <provider>',
        'print the INVOICEKIT_* lines that configure this provider, instead of the banner',
      )
        .choices(PROVIDER_IDS)
        .conflicts('json'),
    )
    .option('--json', 'print {url, credentials} as JSON instead of the banner', false)
    .option('-q, --quiet', 'print no line per API call and delivery attempt', false)
    .addHelpText(
      'after',
      `\nDrive a running sandbox:\n  invoicekit-sandbox trigger <provider> <event> [--set path=value ...] [--invoice id]\n  invoicekit-sandbox trigger --list\n  invoicekit-sandbox resend <deliveryId>\n  invoicekit-sandbox advance <duration>`,
    )
    .exitOverride();
  await program.parseAsync([...args], { from: 'user' });
  const opts = program.opts<{
    port: number;
    host: string;
    allowHost: string[];
    webhookUrl?: string;
    retryScale: number;
    retryDelays?: number[];
    deliveryLogLimit: number;
    credentials?: string;
    seed?: string;
    env?: SandboxProviderId;
    json: boolean;
    quiet: boolean;
  }>();
  const machine = opts.env !== undefined || opts.json;
  const lines = machine ? report : print;
  const stream = machine ? process.stderr : process.stdout;
  const colour = (lines === toStdout || lines === toStderr) && wantsColour(stream);
  const given = program.opts<Readonly<Record<string, unknown>>>();
  const emulatorOptions: EmulatorOptions = Object.fromEntries(
    EMULATOR_CLI_OPTIONS.map(({ key }) => [key, given[key]]),
  );
  const saved = opts.credentials === undefined ? undefined : orThrow(readCredentialsFile(opts.credentials));
  const sandbox = await startSandbox({
    port: opts.port,
    host: opts.host,
    allowedHosts: opts.allowHost,
    ...emulatorOptions,
    retryScale: opts.retryScale,
    deliveryLogLimit: opts.deliveryLogLimit,
    ...(opts.webhookUrl === undefined ? {} : { webhookUrl: opts.webhookUrl }),
    ...(opts.retryDelays === undefined ? {} : { retryDelaysMs: opts.retryDelays }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(saved === undefined ? {} : { credentials: saved }),
    ...(opts.quiet ? {} : { log: { write: lines, colour } }),
  });
  if (opts.credentials !== undefined) {
    const written = saveCredentialsFile(opts.credentials, sandbox.credentials, saved);
    if (E.isLeft(written)) {
      await sandbox.close();
      throw new Error(written.left);
    }
  }
  print(
    opts.env !== undefined
      ? envLines(opts.env, sandbox.credentials).join('\n')
      : opts.json
        ? JSON.stringify({ url: sandbox.url, credentials: sandbox.credentials }, null, 2)
        : describeSandbox(sandbox, {
            ...(opts.webhookUrl === undefined ? {} : { webhookUrl: opts.webhookUrl }),
            ...(opts.credentials === undefined ? {} : { credentialsFile: opts.credentials }),
          }),
  );
  if (machine) report(`invoicekit sandbox listening on ${sandbox.url}`);
  return sandbox;
};

/**
 * The `invoicekit-sandbox` command: `trigger`, `resend` and `advance` drive a running sandbox and
 * resolve with undefined; anything else starts one (`runCli`).
 */
export const main = async (
  args: ReadonlyArray<string>,
  print: (text: string) => void = toStdout,
  report: (text: string) => void = toStderr,
): Promise<Sandbox | undefined> =>
  CLIENT_COMMANDS.includes(args[0] ?? '')
    ? runClient(args, print).then(() => undefined)
    : runCli(args, print, report);

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (sandbox) => {
      if (sandbox === undefined) return;
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
