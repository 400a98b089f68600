import type NockModule from 'nock';
import type { ContractServer, StubReply } from './server';

/** Where the nock contract server listens and how the provider answers a successful create. */
export interface NockServerOptions {
  readonly baseUrl: string;
  readonly createPath: string;
  /** The provider's answer to a successful create, built from the request body it answers. */
  readonly success: { readonly status: number; readonly body: (requestBody: string) => string };
}

type Nock = typeof NockModule;

let loadingNock: Promise<Nock> | undefined;

/** Loads nock on first use: requiring it switches on interception for the whole process. */
const loadNock = (): Promise<Nock> => (loadingNock ??= import('nock').then((module) => module.default));

/** A `ContractServer` built on nock; call `nock.disableNetConnect()` in the spec. */
export const nockContractServer = (options: NockServerOptions): ContractServer => {
  const url = new URL(options.baseUrl);
  const origin = url.origin;
  const path = `${url.pathname.replace(/\/$/, '')}${options.createPath}`;
  let requests = 0;
  let scopes: NockModule.Scope[] = [];
  const countUnmatched = () => {
    requests += 1;
  };
  const ready = loadNock().then((nock) => {
    nock.emitter.on('no match', countUnmatched);
    return nock;
  });

  const intercept = (nock: Nock, reply: StubReply) => {
    const interceptor = nock(origin).post(path);
    const scope =
      reply.kind === 'reply'
        ? interceptor.reply(() => {
            requests += 1;
            return [reply.status, reply.body, reply.headers ?? { 'Content-Type': 'application/json' }];
          })
        : reply.kind === 'hang'
          ? interceptor.delay(reply.ms).reply(() => {
              requests += 1;
              return [200, '{}'];
            })
          : interceptor.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    if (reply.kind === 'reset') scope.on('request', () => (requests += 1));
    scopes.push(scope);
  };

  return {
    stubCreate: async (reply) => intercept(await ready, reply),
    stubCreateSuccess: async () => {
      const nock = await ready;
      scopes.push(
        nock(origin)
          .post(path)
          .reply((_uri, requestBody) => {
            requests += 1;
            const text = typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody);
            return [
              options.success.status,
              options.success.body(text),
              { 'Content-Type': 'application/json' },
            ];
          }),
      );
    },
    requestCount: async () => {
      await ready;
      return requests;
    },
    reset: async () => {
      const nock = await ready;
      const pending = scopes.flatMap((scope) => scope.pendingMocks());
      scopes = [];
      requests = 0;
      nock.abortPendingRequests();
      nock.cleanAll();
      if (pending.length > 0) throw new Error(`stubs never called: ${pending.join(', ')}`);
    },
  };
};
