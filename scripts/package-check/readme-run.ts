// Runs the README's first example (readme-example.ts, copied as printed): loads it, then awaits each
// function it exports, as a user calling it would.
import * as example from './readme-example.js';

const main = async (): Promise<void> => {
  for (const value of Object.values(example)) if (typeof value === 'function') await value();
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
