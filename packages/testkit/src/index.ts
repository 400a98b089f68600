export { expectRight, expectLeftTag } from './expect';
export { describeInvoiceProviderContract, type ContractSetup } from './contract';
export { describeFailureMatrix } from './matrix';
export type { FailureMatrixSetup } from './suite';
export {
  createInvoiceCall,
  getInvoiceCall,
  cancelInvoiceCall,
  INVOICE_CALLS,
  type OperationCall,
  type OperationSubject,
} from './operations';
export type { ContractOperation, ContractServer, StubReply } from './server';
export {
  nockContractServer,
  type NockExchange,
  type NockReplyContext,
  type NockRoute,
  type NockServerOptions,
  type NockSuccess,
} from './nockServer';
export { useNock, settleNock, type NockHandle, type UseNockOptions } from './nock';
export {
  loadFixtures,
  type FixtureEntry,
  type FixtureFile,
  type Fixtures,
  type Provenance,
} from './fixtures';
export { typescriptBlocks, diagnoseCodeBlocks, MODULE_SYSTEMS } from './markdown';
export { orderEveryProviderAccepts } from './orders';
export {
  SCENARIOS,
  SCENARIO_TITLES,
  type Cell,
  type CellOverride,
  type ScenarioId,
  type ShopAction,
  type StepOutcome,
} from './scenarios';
export type {
  ScenarioDelivery,
  ScenarioFeedEntry,
  ScenarioInvoice,
  ScenarioLedgerInvoice,
  ScenarioMode,
  ScenarioPayment,
  ScenarioPort,
  ScenarioReconcile,
} from './scenariosPort';
export { DEFAULT_CELLS, PROVIDER_OVERRIDES, expectedCell, overridesOf } from './scenariosExpected';
export { runScenarios, type ScenarioResult } from './scenariosRun';
export { cellDifferences, describeScenarioMatrix } from './scenariosMatrix';
export {
  scenarioMatrixTable,
  matrixSection,
  withMatrixSection,
  MATRIX_START,
  MATRIX_END,
} from './scenariosTable';
