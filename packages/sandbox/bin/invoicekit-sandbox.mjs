#!/usr/bin/env node
// Committed, so the bin exists before `pnpm build` (pnpm links bins at install time); the command is dist/cli.js.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (sandbox) => {
    if (sandbox === undefined) return;
    const stop = () => void sandbox.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (e) => {
    const code = e?.exitCode;
    if (typeof code !== 'number') process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(typeof code === 'number' ? code : 1);
  },
);
