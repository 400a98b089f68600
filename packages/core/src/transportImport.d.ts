/**
 * `#transport`, the package.json "imports" entry: node:http and node:https under the `node` condition (on
 * Node; Deno, which resolves a CommonJS `require` as `node`, gets fetch there), `fetch` under `bun`,
 * `workerd`, `worker`, `browser` and by default. Declared here because node10 module
 * resolution does not read "imports".
 */
declare module '#transport' {
  export const transports: import('./transportPorts').RuntimeTransports;
}
