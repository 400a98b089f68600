import type NockModule from 'nock';

/** The nock module, as a spec's `import nock from 'nock'` sees it. */
export type Nock = typeof NockModule;

let loadingNock: Promise<Nock> | undefined;

/**
 * Loads nock on first use and shares it with the spec's own `import nock from 'nock'` (one module
 * registry per spec file); requiring nock patches node's http for the whole worker, so nothing in
 * testkit loads it before a spec asks for it.
 */
export const loadNock = (): Promise<Nock> =>
  (loadingNock ??= import('nock').then((module) => module.default));

const LOOPBACK_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?$/;

/** What `useNock` lets through besides intercepted hosts. */
export interface UseNockOptions {
  /** Lets requests to 127.0.0.1, localhost and [::1] through, for a spec that also runs a real loopback server. */
  readonly allowLoopback?: boolean;
}

/**
 * What `useNock` runs after each test: aborts delayed replies, removes every interceptor, and throws
 * naming each scope that was never called, so a stub the code under test did not reach fails the test.
 */
export const settleNock = (nock: Nock): void => {
  const pending = nock.pendingMocks();
  nock.abortPendingRequests();
  nock.cleanAll();
  if (pending.length > 0) throw new Error(`nock scopes never called:\n  ${pending.join('\n  ')}`);
};

/** What a spec reads of the nock set-up `useNock` made. */
export interface NockHandle {
  /** Requests no interceptor answered (nock refused them) since the current test began. */
  unmatched(): number;
}

/**
 * The one nock set-up: call it once at the top of a spec (or inside a `describe`) that intercepts HTTP.
 * Before the tests it activates nock and refuses every real connection (loopback only with
 * `allowLoopback`); after each test it runs `settleNock`; after the tests it lets connections through
 * and unpatches node's http so the next spec file in the worker starts clean. The handle it returns
 * counts the requests nock refused, so a test can check its code sent nothing.
 *
 * It is a call rather than a jest `setupFilesAfterEnv` file on purpose: nock patches node's http the
 * moment it is required, for every spec file the worker runs next, so only specs that intercept may
 * load it. Specs that run real loopback servers (core's `axiosTransport.server.spec.ts`, the sandbox,
 * the ledger) never call it and never see nock; a spec that mixes both opts in with `allowLoopback`.
 */
export const useNock = (options: UseNockOptions = {}): NockHandle => {
  let nock: Nock | undefined;
  let unmatched = 0;
  const count = () => (unmatched += 1);
  beforeAll(async () => {
    nock = await loadNock();
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    if (options.allowLoopback) nock.enableNetConnect(LOOPBACK_HOST);
    nock.emitter.on('no match', count);
  });
  afterEach(() => {
    unmatched = 0;
    if (nock) settleNock(nock);
  });
  afterAll(() => {
    if (!nock) return;
    nock.emitter.removeListener('no match', count);
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
  return { unmatched: () => unmatched };
};
