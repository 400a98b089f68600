import type * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';

/**
 * Shares one run of `task` among the callers that ask for the same key while it is in flight; the
 * entry is removed when the run settles, so no result outlives its flight.
 */
export const singleFlight = <L, R>(
  keyOf: (input: string) => string,
  task: (input: string) => TE.TaskEither<L, R>,
): ((input: string) => TE.TaskEither<L, R>) => {
  const inFlight = new Map<string, Promise<E.Either<L, R>>>();
  return (input) => () => {
    const key = keyOf(input);
    const running = inFlight.get(key);
    if (running !== undefined) return running;
    const flight = task(input)().finally(() => inFlight.delete(key));
    inFlight.set(key, flight);
    return flight;
  };
};
