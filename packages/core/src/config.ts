import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import { invalidConfig, type ConfigError } from './errors';
import { isRecord } from './guards';
import { reportIssues } from './report';
import { snapshotInput } from './snapshot';

/** Reads configuration input once into plain data; an unreadable or non-object input is an `InvalidConfig`. */
export const snapshotConfig = (input: unknown): E.Either<ConfigError, Record<string, unknown>> =>
  pipe(
    snapshotInput(input),
    E.mapLeft((issue) => invalidConfig([issue])),
    E.filterOrElse(isRecord, () => invalidConfig([{ path: '', message: 'must be a configuration object' }])),
  );

/** Decodes a snapshot of configuration with a codec; failures are an `InvalidConfig` naming each path, never a value. */
export const decodeConfig =
  <A>(codec: t.Decoder<unknown, A>) =>
  (input: unknown): E.Either<ConfigError, A> =>
    pipe(
      snapshotConfig(input),
      E.flatMap((config) =>
        pipe(
          codec.decode(config),
          E.mapLeft((errors) => invalidConfig(reportIssues(errors))),
        ),
      ),
    );
