/** What the stubbed server does with the next create request. */
export type StubReply =
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: string;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'hang'; readonly ms: number }
  | { readonly kind: 'reset' };

/** The server side of the contract suite: nock in unit tests, the sandbox's control API end to end. */
export interface ContractServer {
  /** Makes the next create-invoice request receive `reply`. */
  stubCreate(reply: StubReply): Promise<void>;
  /** Makes the next create-invoice request succeed with an invoice matching the request. */
  stubCreateSuccess(): Promise<void>;
  /** HTTP requests received since the last `reset`. */
  requestCount(): Promise<number>;
  /** Forgets stubs and counts; throws if a stub was never used. */
  reset(): Promise<void>;
}
