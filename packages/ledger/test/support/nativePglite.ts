/**
 * Loads PGlite with Node's own module loader, outside jest's sandbox. Its CommonJS build calls
 * `import()` for Node built-ins, which jest's vm refuses without --experimental-vm-modules; every
 * PGlite release does this, so the specs mock the module with the natively loaded one.
 */
export const nativePglite = (): unknown => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require('node:module') as { _load(request: string, parent: null, isMain: boolean): unknown };
  return loader._load(require.resolve('@electric-sql/pglite'), null, false);
};
