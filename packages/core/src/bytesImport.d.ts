/**
 * `#bytes`, the package.json "imports" entry: Node's `Buffer` under the `node` condition, plain
 * JavaScript everywhere else. Declared here because node10 module resolution does not read "imports".
 */
declare module '#bytes' {
  export const codecs: import('./byteCodecs').ByteCodecs;
}
