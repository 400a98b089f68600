export { expectRight, expectLeftTag } from './expect';
export { describeInvoiceProviderContract, type ContractSetup } from './contract';
export type { ContractServer, StubReply } from './server';
export { nockContractServer, type NockServerOptions } from './nockServer';
