import type { ProviderCapabilities } from '@invoicekit/core';
import type { SandboxProviderId } from './emulators';
import type { Sandbox, SandboxFault } from './types';

type ContractOperation = keyof ProviderCapabilities['operations'];

/** The server side of testkit's contract suite (structurally its `ContractServer`), backed by a sandbox. */
export interface SandboxContractServer {
  /** Makes the provider's next API request receive `reply` (a fault), whatever the operation. */
  stub(operation: ContractOperation, reply: SandboxFault): Promise<void>;
  /** Nothing to arrange: the sandbox answers every operation itself. */
  stubSuccess(operation: ContractOperation): Promise<void>;
  /** True: the sandbox serves every operation. */
  serves(operation: ContractOperation): boolean;
  /** API requests the provider's emulator received since the last `reset`. */
  requestCount(): Promise<number>;
  /** Forgets faults and counts; fails when an injected fault was never used. */
  reset(): Promise<void>;
}

/**
 * Drives the contract suite over real HTTP: a stub becomes a fault injected for the provider's next
 * API request (every route an operation calls takes it), success is the sandbox's own answer.
 */
export const contractServer = (sandbox: Sandbox, provider: SandboxProviderId): SandboxContractServer => ({
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
