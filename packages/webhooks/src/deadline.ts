import type * as T from 'fp-ts/Task';

/**
 * Runs a task that never rejects, but settles with `late()` once `timeoutMs` pass before it does; what
 * the task settles with afterwards is dropped, so nothing answers twice.
 */
export const within =
  <A>(timeoutMs: number, late: () => A) =>
  (task: T.Task<A>): T.Task<A> =>
  () =>
    new Promise<A>((resolve) => {
      const timer = setTimeout(() => resolve(late()), timeoutMs);
      void task().then((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
