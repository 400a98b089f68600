/** The part of `fs-native-extensions` the ledger uses (the package ships no types). */
declare module 'fs-native-extensions' {
  /** Takes an exclusive lock on the file behind `fd` (a byte range with `offset`/`length`); false when another holds it. */
  export function tryLock(fd: number, offset?: number, length?: number): boolean;
}
