import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { INVOICEKIT_ENV } from '@invoicekit/core/adapter';
import type { Clock } from './clock';
import type { Deliverer, DeliveryChain, OutgoingWebhook } from './delivery';
import { createExpiryTimers, type Engine, type EngineContext, type EngineFailure } from './engine';
import type { Faults } from './faults';
import type { KeySource } from './keys';
import type { RetrySchedule } from './retry';
import { applyOverrides } from './overrides';
import type { PaymentKind, SandboxTrigger } from './types';

/** An option an emulator adds to the CLI: `--<key in kebab-case> [<argument>]`, setting the `startSandbox` option `key`. */
export type EmulatorCliOption<Options> = {
  readonly [K in keyof Options & string]-?: {
    readonly key: K;
    /** The argument's name; an option without one is a flag. */
    readonly argument?: string;
    readonly description: string;
    /** Reads the argument, or explains what is wrong with it. */
    readonly parse?: (text: string) => E.Either<string, Exclude<Options[K], undefined>>;
    readonly defaultValue: Exclude<Options[K], undefined>;
  };
}[keyof Options & string];

/** A CLI option of any emulator. */
export type CliOption = EmulatorCliOption<Readonly<Record<string, unknown>>>;

/** The options of an emulator that has none. */
export type NoOptions = Readonly<Record<never, never>>;

/** A configuration field an adapter reads from an `INVOICEKIT_*` variable (core's `INVOICEKIT_ENV`). */
export type ConfigField = keyof typeof INVOICEKIT_ENV;

/** What the sandbox gives every emulator when it starts: the address, delivery, faults, keys and the user's options. */
export interface EmulatorSetup<Id extends string, Credentials, Options> {
  /** `http://HOST:PORT`, known once the server listens. */
  readonly url: () => string;
  readonly webhookUrl: (id: Id) => string | undefined;
  readonly deliverer: Deliverer;
  readonly clock: Clock;
  /** The waits between delivery attempts for a provider with this documented schedule. */
  readonly retryDelaysMs: (schedule: RetrySchedule) => ReadonlyArray<number>;
  readonly faults: Faults;
  /** Where keys the user did not give come from. */
  readonly keys: KeySource;
  readonly options: Options & { readonly credentials?: { readonly [P in Id]?: Partial<Credentials> } };
}

/** One running emulated provider: its engine, plus what the server, pages, control API and CLI show of it. */
export interface Emulation extends Engine {
  readonly provider: string;
  /** The provider's own spelling of its name (`CryptoProcessing`). */
  readonly name: string;
  /** Where its API routes are mounted (`/cryptocloud`); its `baseUrl` is the sandbox address plus this. */
  readonly prefix: string;
  /** The payment kinds its hosted page offers. */
  readonly pageKinds: ReadonlyArray<PaymentKind>;
  readonly credentials: () => { readonly baseUrl: string };
  /** The waits between its delivery attempts, in milliseconds. */
  readonly retryDelaysMs: ReadonlyArray<number>;
  /** Sends one of its `events` with `set` applied to the body before signing; 400 for a bad override. */
  send(trigger: SandboxTrigger): E.Either<EngineFailure, DeliveryChain>;
}

/** What an emulator module defines about itself; `defineEmulator` turns it into its descriptor. */
export interface EmulatorDefinition<Id extends string, Credentials, Options> {
  /** The provider ids it emulates, in display order. */
  readonly ids: ReadonlyArray<Id>;
  readonly names: Readonly<Record<Id, string>>;
  /** The API root of one id, below the sandbox address. */
  readonly prefix: (id: Id) => string;
  /** The keys of its credentials (every field but `baseUrl`), each also a configuration field of its adapter. */
  readonly credentialFields: ReadonlyArray<Exclude<keyof Credentials, 'baseUrl'> & ConfigField>;
  /** Generates one id's keys once from `keys` (an override replaces a generated key) and gives them with an API root. */
  readonly credentials: (
    id: Id,
    overrides: Partial<Credentials>,
    keys: KeySource,
  ) => (baseUrl: string) => Credentials;
  /** Configuration fields besides the credentials that an adapter pointed at this emulator needs. */
  readonly config: Readonly<Partial<Record<ConfigField, string>>>;
  /** The provider's documented schedule of webhook retries (or none, saying why). */
  readonly retrySchedule: RetrySchedule;
  readonly pageKinds: ReadonlyArray<PaymentKind>;
  readonly cli: ReadonlyArray<EmulatorCliOption<Options>>;
  /** Starts the emulation of one id: its API routes, its invoices and their lifecycle. */
  readonly engine: (id: Id, ctx: EngineContext<Credentials>, options: Options) => Engine;
}

/** The one export of an emulator module, which the sandbox's list of emulators holds. */
export interface EmulatorDescriptor<Id extends string, Credentials, Options> {
  readonly ids: ReadonlyArray<Id>;
  readonly names: Readonly<Record<Id, string>>;
  readonly cli: ReadonlyArray<CliOption>;
  readonly credentialFields: ReadonlyArray<ConfigField>;
  readonly config: Readonly<Partial<Record<ConfigField, string>>>;
  readonly retrySchedule: RetrySchedule;
  /** Starts every id's emulation. */
  readonly start: (setup: EmulatorSetup<Id, Credentials, Options>) => ReadonlyArray<Emulation>;
}

/** Turns an emulator's definition into its descriptor, binding keys, faults, delivery and addresses to each id. */
export const defineEmulator = <Id extends string, Credentials extends { readonly baseUrl: string }, Options>(
  definition: EmulatorDefinition<Id, Credentials, Options>,
): EmulatorDescriptor<Id, Credentials, Options> => ({
  ids: definition.ids,
  names: definition.names,
  cli: definition.cli,
  credentialFields: definition.credentialFields,
  config: definition.config,
  retrySchedule: definition.retrySchedule,
  start: (setup) =>
    definition.ids.map((id): Emulation => {
      const prefix = definition.prefix(id);
      const withBaseUrl = definition.credentials(id, setup.options.credentials?.[id] ?? {}, setup.keys);
      const retryDelaysMs = setup.retryDelaysMs(definition.retrySchedule);
      let answered: Promise<unknown> = Promise.resolve();
      // A provider sends its webhooks in order: each waits for the one before to be answered, not retried.
      const deliver = (webhook: () => OutgoingWebhook): DeliveryChain => {
        const chain = setup.deliverer.start(webhook, retryDelaysMs, answered);
        answered = chain.first;
        return chain;
      };
      const ctx: EngineContext<Credentials> = {
        credentials: () => withBaseUrl(`${setup.url()}${prefix}`),
        webhookUrl: () => setup.webhookUrl(id),
        pageUrl: (code) => `${setup.url()}/pay/${id}/${code}`,
        deliver,
        deliveryLogLimit: setup.deliverer.logLimit,
        now: setup.clock.now,
        timers: () => createExpiryTimers(setup.clock),
        intercept: (request, reply) => setup.faults.intercept(id, request, reply),
      };
      const engine = definition.engine(id, ctx, setup.options);
      return {
        ...engine,
        provider: id,
        name: definition.names[id],
        prefix,
        pageKinds: definition.pageKinds,
        credentials: ctx.credentials,
        retryDelaysMs,
        send: ({ event, invoiceId, set = {} }) =>
          pipe(
            engine.trigger(event, invoiceId),
            E.flatMap((draft) =>
              pipe(
                applyOverrides(draft.body, set),
                E.bimap(
                  (message): EngineFailure => ({ status: 400, message }),
                  (body) => {
                    const webhook = draft.sign(body);
                    return deliver(() => webhook);
                  },
                ),
              ),
            ),
          ),
      };
    }),
});

/** A CLI argument parser accepting one of `choices`, with `message` for anything else. */
export const oneOf =
  <A extends string>(choices: ReadonlyArray<A>, message: string) =>
  (text: string): E.Either<string, A> =>
    pipe(
      choices.find((choice) => choice === text),
      E.fromNullable(message),
    );
