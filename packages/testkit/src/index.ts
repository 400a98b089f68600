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
