import type { WebhookDelivery } from './types';

/** One API call a provider emulation answered. */
export interface ApiCall {
  readonly provider: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
}

/** Where the sandbox's `stripe listen`-style lines go. */
export interface SandboxConsole {
  request(call: ApiCall): void;
  delivery(attempt: WebhookDelivery): void;
}

type Paint = (code: number, text: string) => string;

const PAINT: Paint = (code, text) => `\u001b[${code}m${text}\u001b[0m`;
const PLAIN: Paint = (_code, text) => text;

const GREEN = 32;
const YELLOW = 33;
const RED = 31;
const DIM = 2;
const CYAN = 36;

const statusColour = (status: number): number => (status < 300 ? GREEN : status < 500 ? YELLOW : RED);

const clockTime = (iso: string): string => iso.slice(11, 19);

/** Formats the sandbox's console lines and hands them to `write`, coloured when `colour` is true. */
export const createConsole = (write: (line: string) => void, colour: boolean): SandboxConsole => {
  const paint = colour ? PAINT : PLAIN;
  const provider = (name: string) => paint(CYAN, name.padEnd(16));
  return {
    request: (call) =>
      write(
        `${provider(call.provider)} ${'-->'} ${call.method} ${call.path} ${paint(statusColour(call.status), `[${call.status}]`)} ${paint(DIM, `${call.ms} ms`)}`,
      ),
    delivery: (d) => {
      const answer =
        d.statusCode === null
          ? paint(RED, `[${d.error ?? 'no answer'}]`)
          : paint(statusColour(d.statusCode), `[${d.statusCode}]`);
      const retry = d.nextRetryAt === null ? '' : paint(DIM, `, next retry at ${clockTime(d.nextRetryAt)}`);
      const resend = d.resendOf === null ? '' : ` resend of ${d.resendOf}`;
      write(
        `${provider(d.provider)} <-- ${d.event} ${d.id}${resend} POST ${d.url} ${answer} ${paint(DIM, `${d.ms} ms, attempt ${d.attempt} of ${d.attempts}`)}${retry}`,
      );
    },
  };
};

/** A console that prints nothing: the library default. */
export const SILENT: SandboxConsole = { request: () => undefined, delivery: () => undefined };

/** Whether a stream gets colour: a terminal, and `NO_COLOR` unset or empty (no-color.org). */
export const wantsColour = (
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean => stream.isTTY === true && (env['NO_COLOR'] ?? '') === '';

/** Where console lines go: stdout, a function given plain lines, or a function and whether to colour. */
export type SandboxLog = boolean | ((line: string) => void) | SandboxLogSink;

/** A function that takes each console line, and whether the lines carry terminal colours. */
export interface SandboxLogSink {
  /** Takes one console line. */
  readonly write: (line: string) => void;
  /** True to colour the lines for a terminal. */
  readonly colour: boolean;
}

/** The console `startSandbox`'s `log` option asks for. */
export const consoleFor = (log: SandboxLog | undefined): SandboxConsole =>
  log === undefined || log === false
    ? SILENT
    : log === true
      ? createConsole((line) => process.stdout.write(`${line}\n`), wantsColour(process.stdout))
      : typeof log === 'function'
        ? createConsole(log, false)
        : createConsole(log.write, log.colour);
