// PGlite's CommonJS build calls import() for Node built-ins, which jest's vm refuses: load it with Node's
// own loader, as the ledger's specs do (packages/ledger/test/support/nativePglite.ts).
jest.mock(require.resolve('@electric-sql/pglite', { paths: [`${__dirname}/../../../ledger`] }), () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loader = require('node:module') as { _load(request: string, parent: null, isMain: boolean): unknown };
  return loader._load(
    require.resolve('@electric-sql/pglite', { paths: [`${__dirname}/../../../ledger`] }),
    null,
    false,
  );
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { expectedCell, runScenarios } from '@invoicekit/testkit';
import { REGISTRY_IDS } from './scenariosIds';
import { startScenarioRig, type ScenarioRig } from './scenariosRig';
import { loadPrintedShop, printedFeedHandler } from './scenariosShop';

const REPO = join(__dirname, '..', '..', '..', '..');

/** The pages users read: the README, docs/ and each package's README. */
const PAGES = [
  'README.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  ...readdirSync(join(REPO, 'packages')).map((name) => `packages/${name}/README.md`),
].filter((page) => {
  try {
    return printedFeedHandler(readFileSync(join(REPO, page), 'utf8')) !== undefined;
  } catch {
    return false;
  }
});

let rig: ScenarioRig;
/** The order of every cell whose expected action is `fulfil` (paid in full or more, live), or why it has none. */
const toShip: string[] = [];

beforeAll(async () => {
  rig = await startScenarioRig();
  for (const id of REGISTRY_IDS) {
    for (const [scenario, result] of await runScenarios(rig.port(id), id)) {
      if (expectedCell(id, scenario).action !== 'fulfil') continue;
      toShip.push('error' in result ? `${id} ${scenario} did not run: ${result.error}` : result.orderId);
    }
  }
}, 180_000);
afterAll(() => rig.close());

/** Hands every feed entry to `handle` once, in order, a page at a time with a cursor, as the printed shop does. */
const consumeFeed = async (handle: (entry: unknown) => Promise<void>): Promise<number> => {
  let cursor = 0;
  let handled = 0;
  for (;;) {
    const page = await rig.ledger.transitions({ after: cursor, limit: 100 })();
    if (E.isLeft(page)) throw new Error(page.left.message);
    if (page.right.entries.length === 0) return handled;
    for (const entry of page.right.entries) await handle(entry);
    handled += page.right.entries.length;
    cursor = page.right.cursor;
  }
};

it('README.md prints a shop whose feed-entry handler decides what to ship', () => {
  expect(PAGES).toContain('README.md');
});

it.each(PAGES)(
  '%s: its feed-entry handler, as printed, ships exactly the orders paid in full or more on every provider, each once',
  async (page) => {
    const shop = loadPrintedShop(printedFeedHandler(readFileSync(join(REPO, page), 'utf8'))!);
    expect(await consumeFeed(shop.handle)).toBeGreaterThan(toShip.length);
    expect([...shop.shipped].sort()).toEqual([...toShip].sort());
  },
);
