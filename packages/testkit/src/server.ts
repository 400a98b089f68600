import type { ProviderCapabilities } from '@invoicekit/core';

/** An operation a provider may support, named as in `ProviderCapabilities.operations`. */
export type ContractOperation = keyof ProviderCapabilities['operations'];

/** What the stubbed server does with the next request of an operation. */
export type StubReply =
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: string;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'hang'; readonly ms: number }
  | { readonly kind: 'reset' };

/**
 * The server side of the contract suite and the failure matrix: nock in unit tests, the sandbox's
 * control API end to end. It must serve every operation the provider under test supports; the suites
 * fail (they never skip) on a supported operation it does not serve.
 */
export interface ContractServer {
  /** Makes the next request of `operation` (its first, when it sends several) receive `reply`. */
  stub(operation: ContractOperation, reply: StubReply): Promise<void>;
  /** Makes the next call of `operation` succeed: a create for the request, the others for the invoice last created. */
  stubSuccess(operation: ContractOperation): Promise<void>;
  /** Whether `stub` and `stubSuccess` can target `operation`. */
  serves(operation: ContractOperation): boolean;
  /** HTTP requests received since the last `reset`. */
  requestCount(): Promise<number>;
  /** Forgets stubs and counts; throws if a stub was never used. */
  reset(): Promise<void>;
}
