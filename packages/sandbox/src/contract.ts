import type { ProviderCapabilities } from '@invoicekit/core';
import type { SandboxProviderId } from './emulators';
import type { Sandbox, SandboxFault } from './types';

type ContractOperation = keyof ProviderCapabilities['operations'];

/**
 * Drives the contract suite over real HTTP: a stub becomes a fault injected for the provider's next
 * API request (every route an operation calls takes it), success is the sandbox's own answer.
 */
export const contractServer = (sandbox: Sandbox, provider: SandboxProviderId) => ({
  stub: async (_operation: ContractOperation, reply: SandboxFault): Promise<void> =>
    sandbox.injectFault(provider, reply),
  stubSuccess: async (_operation: ContractOperation): Promise<void> => undefined,
  serves: (_operation: ContractOperation): boolean => true,
  requestCount: async (): Promise<number> => sandbox.requestCount(provider),
  reset: async (): Promise<void> => {
    const unused = sandbox.pendingFaults(provider);
    sandbox.clearFaults(provider);
    sandbox.resetRequestCount(provider);
    if (unused > 0) throw new Error(`${unused} injected ${provider} fault(s) were never used`);
  },
});

/** The server side of testkit's contract suite (structurally its `ContractServer`), backed by a sandbox. */
export type SandboxContractServer = ReturnType<typeof contractServer>;
