import type { ProviderId } from './types';
import type { Sandbox, SandboxFault } from './types';

/** The server side of testkit's contract suite (structurally its `ContractServer`), backed by a sandbox. */
export interface SandboxContractServer {
  stubCreate(reply: SandboxFault): Promise<void>;
  stubCreateSuccess(): Promise<void>;
  requestCount(): Promise<number>;
  reset(): Promise<void>;
}

/** Drives the contract suite over real HTTP: stubs become injected faults, success is the sandbox's own answer. */
export const contractServer = (sandbox: Sandbox, provider: ProviderId): SandboxContractServer => ({
  stubCreate: async (reply) => sandbox.injectFault(provider, reply),
  stubCreateSuccess: async () => undefined,
  requestCount: async () => sandbox.requestCount(provider),
  reset: async () => {
    const unused = sandbox.pendingFaults(provider);
    sandbox.clearFaults(provider);
    sandbox.resetRequestCount(provider);
    if (unused > 0) throw new Error(`${unused} injected ${provider} fault(s) were never used`);
  },
});
