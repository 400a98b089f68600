import * as E from 'fp-ts/Either';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createGateway,
  createProvider,
  signCallback,
  type InvoiceEvent,
  type InvoiceProvider,
  type ProviderConfig,
} from '@invoicekit/gateway';
import { errorDocsUrl } from '@invoicekit/core';
import type { WebhookLogger } from '../src';

interface Documented {
  readonly _source: string;
  readonly body?: unknown;
  readonly bodyText?: string;
  readonly text?: string;
  readonly apiKey?: string;
  readonly secretKey?: string;
  readonly signature?: string;
}

/** Documented webhook bodies (see each entry's `_source`). */
export const fixtures = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'webhooks.json'), 'utf8'),
) as Record<
  | 'coinspaid.invoice.confirmed'
  | 'coinspaid.invoice.pending-instalment'
  | 'coinspaid.deposit'
  | 'coinspaid.deposit_exchange.signed'
  | 'cryptocloud.postback',
  Documented
>;

/** The exact text of a documented CoinsPaid-platform callback. */
export const callbackText = (name: keyof typeof fixtures): string => {
  const fixture = fixtures[name];
  return fixture.bodyText ?? JSON.stringify(fixture.body);
};

export const CP = {
  provider: 'cryptoprocessing',
  apiKey: 'cp-api-key-0001',
  secretKey: 'cp-secret-key-0001',
} satisfies ProviderConfig;
export const AP = {
  provider: 'alphapo',
  apiKey: 'ap-api-key-0002',
  secretKey: 'ap-secret-key-0002',
} satisfies ProviderConfig;

/** The Right of a build, or a thrown Error in test set-up. */
export const built = <A>(result: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** A CryptoProcessing provider with test keys: webhooks need no network. */
export const cryptoprocessing = (): InvoiceProvider => built(createProvider(CP));

/** A gateway over a CryptoProcessing and an AlphaPo configuration. */
export const gateway = () => built(createGateway({ providers: { cp: CP, ap: AP } }));

/** A callback as CryptoProcessing sends it: the exact text, signed with `secretKey` under `apiKey`. */
export const signedCallback = (
  text: string,
  keys: { readonly apiKey: string; readonly secretKey: string } = CP,
): { readonly headers: Record<string, string>; readonly body: string } => ({
  headers: {
    'content-type': 'application/json',
    'x-processing-key': keys.apiKey,
    'x-processing-signature': signCallback(text, keys.secretKey),
  },
  body: text,
});

/** A logger that records its lines by level. */
export const recordingLogger = (): WebhookLogger & { readonly lines: Array<[string, string]> } => {
  const lines: Array<[string, string]> = [];
  return {
    lines,
    warn: (line) => void lines.push(['warn', line]),
    error: (line) => void lines.push(['error', line]),
  };
};

/** The end of every log line for an outcome tagged `tag`: the link to its section of docs/errors.md. */
export const seeDocs = (tag: string): string => ` (see ${errorDocsUrl({ _tag: tag })})`;

const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A whole log line: `head` (anchored with `^`, no `$`) then `tag`'s docs link, and nothing after it. */
export const lineMatching = (head: RegExp, tag: string): RegExp =>
  new RegExp(`${head.source}${literally(seeDocs(tag))}$`, head.flags);

/** A merchant app that applies each delivery once, keyed by `dedupeKey`, and can be made to fail. */
export interface TestApp {
  readonly applied: InvoiceEvent[];
  readonly seen: string[];
  /** Makes the next `n` calls of `onEvent` for events matching `when` throw. */
  failNext(n: number, when?: (event: InvoiceEvent) => boolean): void;
  readonly onEvent: (event: InvoiceEvent) => Promise<void>;
}

/** Creates an empty `TestApp`. */
export const testApp = (): TestApp => {
  const applied: InvoiceEvent[] = [];
  const seen: string[] = [];
  const keys = new Set<string>();
  let failures = 0;
  let failWhen: (event: InvoiceEvent) => boolean = () => true;
  return {
    applied,
    seen,
    failNext: (n, when = () => true) => {
      failures = n;
      failWhen = when;
    },
    onEvent: async (event) => {
      seen.push(event.dedupeKey);
      if (failures > 0 && failWhen(event)) {
        failures -= 1;
        throw new Error('the order database is unavailable');
      }
      if (keys.has(event.dedupeKey)) return;
      keys.add(event.dedupeKey);
      applied.push(event);
    },
  };
};
