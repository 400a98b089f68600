/**
 * `#crypto`, the package.json "imports" entry: node:crypto under the `node` condition, @noble/hashes
 * everywhere else. Declared here because node10 module resolution does not read "imports".
 */
declare module '#crypto' {
  export const primitives: import('./cryptoPrimitives').CryptoPrimitives;
}
