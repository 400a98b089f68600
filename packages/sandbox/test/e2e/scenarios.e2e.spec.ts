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

import { describeScenarioMatrix } from '@invoicekit/testkit';
import { REGISTRY_IDS } from './scenariosIds';
import { startScenarioRig, type ScenarioRig } from './scenariosRig';

let rig: ScenarioRig;

beforeAll(async () => {
  rig = await startScenarioRig();
}, 60_000);
afterAll(() => rig.close());

for (const id of REGISTRY_IDS) describeScenarioMatrix(id, async () => rig.port(id));

it('the endpoint refused or failed no delivery', () => {
  expect(rig.endpoint.logged).toEqual([]);
});
