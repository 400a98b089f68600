const sequence = (now: () => number): (() => number) => {
  let last = 0;
  return () => {
    last = Math.max(last + 1, now());
    return last;
  };
};

// One sequence for the whole process: two sandboxes in one process (a live and a test account of one
// provider) never issue the same id, so neither do their webhooks' dedupe keys.
const processIds = sequence(Date.now);

/**
 * A sequence of numeric ids that never repeats, within a process or across runs: each id is the
 * current time in milliseconds, or one more than the last id when that is later. Sequences on the
 * default clock share one process-wide counter. Only a clock set back, or a previous run that issued
 * ids faster than one a millisecond until its restart, could repeat one.
 */
export const createIdSequence = (now?: () => number): (() => number) =>
  now === undefined ? processIds : sequence(now);
