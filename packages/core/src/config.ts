import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type * as t from 'io-ts';
import { invalidConfig, type ConfigError } from './errors';
import { reportIssues } from './report';

/** Decodes configuration with a codec; failures are an `InvalidConfig` naming each path, never a value. */
export const decodeConfig =
  <A>(codec: t.Decoder<unknown, A>) =>
  (input: unknown): E.Either<ConfigError, A> =>
    typeof input !== 'object' || input === null || Array.isArray(input)
      ? E.left(invalidConfig([{ path: '', message: 'must be a configuration object' }]))
      : pipe(
          codec.decode(input),
          E.mapLeft((errors) => invalidConfig(reportIssues(errors))),
        );
