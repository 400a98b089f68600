// Rewrites the scenario × provider matrix in docs/model.md from the testkit's expectations, for every
// provider id the gateway's registry lists: pnpm exec tsx scripts/matrix-table.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { scenarioMatrixTable, withMatrixSection } from '../packages/testkit/src';
import { REGISTRY_IDS } from '../packages/sandbox/test/e2e/scenariosIds';

const MODEL_DOC = join(__dirname, '..', 'docs', 'model.md');

const updated = withMatrixSection(readFileSync(MODEL_DOC, 'utf8'), scenarioMatrixTable(REGISTRY_IDS));
if (E.isLeft(updated)) {
  console.error(`docs/model.md: ${updated.left}`);
  process.exitCode = 1;
} else {
  writeFileSync(MODEL_DOC, updated.right);
  console.log(`docs/model.md: the scenario matrix for ${REGISTRY_IDS.join(', ')}`);
}
