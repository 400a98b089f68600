import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import { matrixSection, scenarioMatrixTable } from '@invoicekit/testkit';
import { REGISTRY_IDS } from './scenariosIds';

const MODEL_DOC = join(__dirname, '..', '..', '..', '..', 'docs', 'model.md');

describe('docs/model.md', () => {
  it('holds the scenario matrix its expectations generate for every registry provider (else: pnpm exec tsx scripts/matrix-table.ts)', () => {
    const section = matrixSection(readFileSync(MODEL_DOC, 'utf8'));
    expect(section).toEqual(E.right(scenarioMatrixTable(REGISTRY_IDS)));
  });
});
