import { Command, InvalidArgumentError } from 'commander';
import * as E from 'fp-ts/Either';
import { readOverride } from './overrides';
import type { WebhookDelivery } from './types';

/** The commands that drive a running sandbox through its control API. */
export const CLIENT_COMMANDS: ReadonlyArray<string> = ['trigger', 'resend', 'advance'];

/** Where the client commands find the sandbox unless `--sandbox` says otherwise. */
export const DEFAULT_SANDBOX_URL = 'http://127.0.0.1:4010';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Reads a duration, `90000`, `90s`, `15m`, `2h` or `1d`, in milliseconds, or explains what is wrong with it. */
export const readDuration = (text: string): E.Either<string, number> => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  return match === null
    ? E.left(`"${text}" is not a duration: give milliseconds or a number with ms, s, m, h or d (15m, 2h)`)
    : E.right(Math.round(Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1)));
};

const argument =
  <A>(read: (text: string) => E.Either<string, A>) =>
  (text: string): A => {
    const result = read(text);
    if (E.isLeft(result)) throw new InvalidArgumentError(result.left);
    return result.right;
  };

const override = (text: string, previous: ReadonlyArray<readonly [string, string]>) => [
  ...previous,
  argument(readOverride)(text),
];

const controlCall = async (base: string, method: string, path: string, body?: unknown): Promise<unknown> => {
  const url = `${base.replace(/\/+$/, '')}/_sandbox${path}`;
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', 'x-invoicekit-sandbox': '1' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((e: unknown) => {
    const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why = typeof cause?.code === 'string' ? cause.code : String(cause?.message ?? e);
    throw new Error(
      `no sandbox answers at ${base} (${why}); start one with invoicekit-sandbox, or pass --sandbox <url>`,
    );
  });
  const text = await res.text();
  const json: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) {
    const error = (json as { error?: unknown } | null)?.error;
    throw new Error(`${method} ${url}: ${res.status} ${typeof error === 'string' ? error : text}`);
  }
  return json;
};

/** One line about a delivery attempt: its id, event, target and answer. */
export const describeAttempt = (d: WebhookDelivery): string =>
  `${d.id} ${d.provider} ${d.event} -> ${d.url}: ${d.statusCode === null ? (d.error ?? 'no answer') : d.statusCode}${d.nextRetryAt === null ? '' : `, next retry at ${d.nextRetryAt}`}`;

/**
 * Runs `trigger`, `resend` or `advance` against a running sandbox (`--sandbox`, default
 * `INVOICEKIT_SANDBOX_URL` or `http://127.0.0.1:4010`) and prints what it answered.
 */
export const runClient = async (
  args: ReadonlyArray<string>,
  print: (text: string) => void,
): Promise<void> => {
  const program = new Command()
    .name('invoicekit-sandbox')
    .exitOverride()
    .configureOutput({ writeOut: (text) => print(text.trimEnd()) });
  const sandbox = () =>
    program.opts<{ sandbox?: string }>().sandbox ??
    process.env['INVOICEKIT_SANDBOX_URL'] ??
    DEFAULT_SANDBOX_URL;
  program.option(
    '--sandbox <url>',
    `the running sandbox (default $INVOICEKIT_SANDBOX_URL or ${DEFAULT_SANDBOX_URL})`,
  );
  program
    .command('trigger')
    .description('send one event a provider can send, signed after --set replaced body fields')
    .argument('[provider]', 'the provider, e.g. cryptoprocessing')
    .argument('[event]', 'the event, e.g. confirmed (see --list)')
    .option(
      '--set <path=value>',
      'replace a body field before signing, e.g. --set status=paid; repeatable',
      override,
      [],
    )
    .option('--invoice <id>', 'the invoice the event describes (default: a new invoice)')
    .option('--list', 'list the events of every provider (or of [provider])')
    .exitOverride()
    .action(
      async (
        provider: string | undefined,
        event: string | undefined,
        opts: { set: ReadonlyArray<readonly [string, string]>; invoice?: string; list?: boolean },
      ) => {
        if (opts.list === true || event === undefined) {
          const all = (await controlCall(sandbox(), 'GET', '/events')) as Record<
            string,
            ReadonlyArray<string>
          >;
          const shown = provider === undefined ? Object.keys(all) : [provider];
          for (const id of shown) print(`${id}: ${(all[id] ?? ['(unknown provider)']).join(', ')}`);
          return;
        }
        const answer = await controlCall(
          sandbox(),
          'POST',
          `/${encodeURIComponent(provider ?? '')}/trigger`,
          {
            event,
            ...(opts.invoice === undefined ? {} : { invoiceId: opts.invoice }),
            set: Object.fromEntries(opts.set),
          },
        );
        print(describeAttempt(answer as WebhookDelivery));
      },
    );
  program
    .command('resend')
    .description('send a past delivery again, byte for byte with its headers (a duplicate delivery)')
    .argument('<deliveryId>', 'the id of a logged attempt, e.g. dlv_3')
    .exitOverride()
    .action(async (id: string) => {
      const answer = await controlCall(sandbox(), 'POST', `/deliveries/${encodeURIComponent(id)}/resend`, {});
      print(describeAttempt(answer as WebhookDelivery));
    });
  program
    .command('advance')
    .description('move the sandbox clock ahead: expiries, token lifetimes and retries fall due')
    .argument(
      '<duration>',
      'milliseconds, or a number with ms, s, m, h or d (15m, 2h)',
      argument(readDuration),
    )
    .exitOverride()
    .action(async (ms: number) => {
      const answer = (await controlCall(sandbox(), 'POST', '/clock/advance', { ms })) as { now: string };
      print(`sandbox clock now ${answer.now}`);
    });
  await program.parseAsync([...args], { from: 'user' });
};
