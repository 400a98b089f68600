/** A timer on the sandbox clock: cancel it before it runs. */
export type CancelTimer = () => void;

/**
 * The sandbox's virtual clock: real time plus every advance so far. Invoice lifetimes, token lifetimes
 * and retry waits all read it, so advancing it runs what falls due at once instead of waiting.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the emulated providers see it. */
  now(): number;
  /** How far the clock runs ahead of real time, in milliseconds. */
  offsetMs(): number;
  /** Runs `run` once the clock reads `atMs`, in real time or on an advance past it. */
  at(atMs: number, run: () => void): CancelTimer;
  /**
   * Moves the clock `ms` ahead, running every timer that falls due in order, each at its own moment,
   * and waiting for what it sets off (`settle`) before the next; resolves with the new time.
   */
  advance(ms: number): Promise<number>;
  /** Cancels every timer. */
  close(): void;
}

interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly run: () => void;
  handle: NodeJS.Timeout | undefined;
}

const MAX_TIMEOUT_MS = 2_147_483_647;

/** Creates a clock at real time; `settle` resolves once the work a timer set off is under way or done. */
export const createClock = (settle: () => Promise<void> = async () => undefined): Clock => {
  let offset = 0;
  let seq = 0;
  let advancing: Promise<unknown> = Promise.resolve();
  const timers = new Set<Timer>();
  const now = () => Date.now() + offset;

  const fire = (timer: Timer) => {
    clearTimeout(timer.handle);
    timers.delete(timer);
    timer.run();
  };

  const arm = (timer: Timer) => {
    clearTimeout(timer.handle);
    const delay = Math.max(0, timer.atMs - now());
    timer.handle = delay > MAX_TIMEOUT_MS ? undefined : setTimeout(() => fire(timer), delay);
    timer.handle?.unref();
  };

  const nextDue = (limitMs: number): Timer | undefined =>
    [...timers]
      .filter((t) => t.atMs <= limitMs)
      .sort((a, b) => a.atMs - b.atMs || a.seq - b.seq)
      .at(0);

  const step = async (targetMs: number): Promise<number> => {
    for (let due = nextDue(targetMs); due !== undefined; due = nextDue(targetMs)) {
      offset = Math.max(offset, due.atMs - Date.now());
      fire(due);
      await settle();
    }
    offset = Math.max(offset, targetMs - Date.now());
    timers.forEach(arm);
    return now();
  };

  return {
    now,
    offsetMs: () => offset,
    at: (atMs, run) => {
      const timer: Timer = { atMs, seq: seq++, run, handle: undefined };
      timers.add(timer);
      arm(timer);
      return () => {
        clearTimeout(timer.handle);
        timers.delete(timer);
      };
    },
    advance: (ms) => {
      const run = advancing.then(() => step(now() + ms));
      advancing = run.catch(() => undefined);
      return run;
    },
    close: () => {
      timers.forEach((t) => clearTimeout(t.handle));
      timers.clear();
    },
  };
};
