/** A provider's schedule of webhook retries: the wait before each retry, counted from the attempt before. */
export interface RetrySchedule {
  readonly delaysMs: ReadonlyArray<number>;
  /** Where the schedule comes from, or why there is none. */
  readonly source: string;
}

/** How many times faster than documented the sandbox retries unless told otherwise: a minute becomes 60 ms. */
export const DEFAULT_RETRY_SCALE = 1000;

/** Waits given in minutes, in milliseconds. */
export const minutes = (waits: ReadonlyArray<number>): ReadonlyArray<number> => waits.map((m) => m * 60_000);

/** The schedule run `scale` times faster, each wait rounded to a whole millisecond. */
export const scaleSchedule = (schedule: RetrySchedule, scale: number): ReadonlyArray<number> =>
  schedule.delaysMs.map((ms) => Math.round(ms / scale));

/** True for a usable `retryScale`: a finite number above zero. */
export const isRetryScale = (scale: number): boolean => Number.isFinite(scale) && scale > 0;
