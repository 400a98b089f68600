import { btcpayEmulator } from './btcpay/emulator';
import { coinspaidEmulator } from './coinspaid/emulator';
import { cryptocloudEmulator } from './cryptocloud/emulator';
import { cryptomusEmulator } from './cryptomus/emulator';
import { nowpaymentsEmulator } from './nowpayments/emulator';
import type { CliOption, ConfigField, Emulation, EmulatorDescriptor, EmulatorSetup } from './emulator';
import type { RetrySchedule } from './retry';
import type { SandboxOptions } from './types';

/** Every emulator the sandbox runs, one descriptor each: a new emulator is one more line here. */
export const EMULATORS = [
  coinspaidEmulator,
  cryptocloudEmulator,
  cryptomusEmulator,
  btcpayEmulator,
  nowpaymentsEmulator,
] as const;

type Emulators = (typeof EMULATORS)[number];

/** A provider the sandbox emulates. */
export type SandboxProviderId = Emulators['ids'][number];

type CredentialsOf<P, D = Emulators> =
  D extends EmulatorDescriptor<infer Id, infer Credentials, infer _Options>
    ? P extends Id
      ? Credentials
      : never
    : never;

/** Credentials of every emulated provider. */
export type SandboxCredentials = { readonly [P in SandboxProviderId]: CredentialsOf<P> };

type OptionsSink<D> =
  D extends EmulatorDescriptor<infer _Id, infer _Credentials, infer Options>
    ? (options: Options) => void
    : never;

/** The `startSandbox` options every emulator adds. */
export type EmulatorOptions =
  OptionsSink<Emulators> extends (options: infer Options) => void ? Options : never;

/** Every provider the sandbox emulates, in display order. */
export const PROVIDER_IDS: ReadonlyArray<SandboxProviderId> = EMULATORS.flatMap((emulator) => emulator.ids);

/** The providers' own spellings of their names, in display order. */
export const PROVIDER_NAMES: ReadonlyArray<string> = EMULATORS.flatMap((emulator) =>
  Object.values(emulator.names),
);

const perProvider = <A>(read: (emulator: Emulators) => A): Readonly<Record<SandboxProviderId, A>> =>
  Object.fromEntries(
    EMULATORS.flatMap((emulator) => emulator.ids.map((id) => [id, read(emulator)] as const)),
  ) as Record<SandboxProviderId, A>;

/** Each provider's credential fields (all but `baseUrl`), which are also its adapter's configuration fields. */
export const CREDENTIAL_FIELDS: Readonly<Record<SandboxProviderId, ReadonlyArray<ConfigField>>> = perProvider(
  (emulator) => emulator.credentialFields,
);

/** Each provider's documented schedule of webhook retries (or none, saying why). */
export const RETRY_SCHEDULES: Readonly<Record<SandboxProviderId, RetrySchedule>> = perProvider(
  (emulator) => emulator.retrySchedule,
);

/** The configuration fields an adapter needs for one provider of a running sandbox, besides `provider`. */
export const adapterConfig = (
  provider: SandboxProviderId,
  credentials: SandboxCredentials,
): Readonly<Partial<Record<ConfigField, string>>> => ({
  ...(credentials[provider] as Readonly<Partial<Record<ConfigField, string>>>),
  ...perProvider((emulator) => emulator.config)[provider],
});

/** Every emulator's CLI options. */
export const EMULATOR_CLI_OPTIONS: ReadonlyArray<CliOption> = EMULATORS.flatMap((emulator) => emulator.cli);

/** Starts every emulator, keyed by provider id. */
export const startEmulators = (
  setup: EmulatorSetup<SandboxProviderId, unknown, SandboxOptions>,
): ReadonlyMap<string, Emulation> =>
  new Map(
    EMULATORS.flatMap((emulator) => emulator.start(setup)).map((emulation) => [
      emulation.provider,
      emulation,
    ]),
  );
