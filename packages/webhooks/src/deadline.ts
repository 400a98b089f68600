/**
 * Runs `run` (which never rejects), but settles with `late()` once `timeoutMs` pass before it does; what
 * it settles with afterwards is dropped, so nothing answers twice.
 */
export const within = <A>(run: () => Promise<A>, timeoutMs: number, late: () => A): Promise<A> =>
  new Promise<A>((resolve) => {
    const timer = setTimeout(() => resolve(late()), timeoutMs);
    void run().then((result) => {
      clearTimeout(timer);
      resolve(result);
    });
  });
