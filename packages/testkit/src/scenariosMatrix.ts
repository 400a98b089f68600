import { SCENARIO_TITLES, SCENARIOS, type Cell, type ScenarioId } from './scenarios';
import { expectedCell } from './scenariosExpected';
import type { ScenarioDelivery, ScenarioPort } from './scenariosPort';
import { runScenarios, type ScenarioResult } from './scenariosRun';
import { describeCell } from './scenariosTable';

/** How long one provider's scenarios may take together, reconcile included. */
const MATRIX_TIMEOUT_MS = 120_000;

const comparable = (cell: Cell): Record<keyof Cell, string> => ({
  path: JSON.stringify(cell.path),
  learntBy: cell.learntBy,
  reason: String(cell.reason),
  received: cell.received,
  remaining: cell.remaining,
  flags: JSON.stringify([...cell.flags].sort()),
  action: cell.action,
  replayed: JSON.stringify([...cell.replayed].sort()),
  step: cell.step,
});

/** Where an observed cell differs from the expected one: `field: expected …, got …` per field. */
export const cellDifferences = (observed: Cell, expected: Cell): ReadonlyArray<string> => {
  const got = comparable(observed);
  const want = comparable(expected);
  return (Object.keys(want) as Array<keyof Cell>).flatMap((field) =>
    got[field] === want[field] ? [] : [`${field}: expected ${want[field]}, got ${got[field]}`],
  );
};

const summary = (scenario: ScenarioId, cell: Cell): string =>
  describeCell(scenario, cell).join(', ').replace(/[`*]/g, '');

/**
 * The scenario × provider matrix for one provider id: every scenario runs on `setup`'s port (all at
 * once, then the shop's reconcile), and each becomes one test asserting its cell — the default, or
 * the provider's override with its reason. A new provider is one call.
 */
export const describeScenarioMatrix = <D extends ScenarioDelivery>(
  providerId: string,
  setup: () => Promise<ScenarioPort<D>>,
): void => {
  describe(`${providerId}: scenario matrix`, () => {
    let results: ReadonlyMap<ScenarioId, ScenarioResult> = new Map();

    beforeAll(async () => {
      results = await runScenarios(await setup(), providerId);
    }, MATRIX_TIMEOUT_MS);

    it.each(
      SCENARIOS.map((scenario) => ({
        scenario,
        title: `${SCENARIO_TITLES[scenario]}: ${summary(scenario, expectedCell(providerId, scenario))}`,
      })),
    )('$title', ({ scenario }) => {
      const result = results.get(scenario);
      if (result === undefined) throw new Error('the scenarios did not run (see the set-up failure)');
      if ('error' in result) throw new Error(`the scenario could not run: ${result.error}`);
      expect(cellDifferences(result.cell, expectedCell(providerId, scenario))).toEqual([]);
    });
  });
};
