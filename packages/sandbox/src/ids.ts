/**
 * A sequence of numeric ids that never repeats, within a run or across runs: each id is the current
 * time in milliseconds, or one more than the last id when that is later. Only a clock set back, or a
 * previous run that issued ids faster than one a millisecond until its restart, could repeat one.
 */
export const createIdSequence = (now: () => number = Date.now): (() => number) => {
  let last = 0;
  return () => {
    last = Math.max(last + 1, now());
    return last;
  };
};
