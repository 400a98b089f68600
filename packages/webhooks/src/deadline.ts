/**
 * Settles with what `running` (which never rejects) settles with, or with `late()` once `timeoutMs`
 * have passed since `startedAt` (a `performance.now()` reading) before it does; what it settles with
 * afterwards is dropped, so nothing answers twice.
 */
export const within = <A>(
  running: Promise<A>,
  startedAt: number,
  timeoutMs: number,
  late: () => A,
): Promise<A> =>
  new Promise<A>((resolve) => {
    const timer = setTimeout(() => resolve(late()), Math.max(0, startedAt + timeoutMs - performance.now()));
    void running.then((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
