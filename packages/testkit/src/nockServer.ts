import type NockModule from 'nock';
import { loadNock, type Nock } from './nock';
import type { ContractOperation, ContractServer, StubReply } from './server';

/** What a stubbed success is built from besides the request body. */
export interface NockReplyContext {
  /** The request path, relative to `baseUrl`. */
  readonly path: string;
  /** The body this server last answered a successful create with, to answer for the same invoice. */
  readonly created: string | null;
}

/** How the provider answers one request of a successful call. */
export interface NockSuccess {
  readonly status: number;
  readonly body: (requestBody: string, context: NockReplyContext) => string;
}

/** One request an operation sends: its method and path under `baseUrl` (a RegExp where the path holds an id). */
export interface NockExchange extends NockSuccess {
  readonly method: 'GET' | 'POST';
  readonly path: string | RegExp;
}

/** The requests one call of an operation sends, in order (e.g. a cancel, then reading the invoice back); stubs answer the first. */
export type NockRoute = readonly [NockExchange, ...NockExchange[]];

/** Where the nock contract server listens and how the provider answers each operation. */
export interface NockServerOptions {
  readonly baseUrl: string;
  /** The path of a create (always POST). */
  readonly createPath: string;
  /** The provider's answer to a successful create. */
  readonly success: NockSuccess;
  /**
   * The routes of the operations besides create: one for every operation the provider supports (the
   * contract suite fails on a supported operation without one), none for those it lacks.
   */
  readonly operations: Partial<Record<Exclude<ContractOperation, 'createInvoice'>, NockRoute>>;
}

interface Stub {
  readonly label: string;
  readonly scope: NockModule.Scope;
}

const bodyText = (body: unknown): string => (typeof body === 'string' ? body : JSON.stringify(body));

/** A `ContractServer` built on nock, serving the operations it has a route for; the spec calls `useNock()` for the rest of the nock set-up. */
export const nockContractServer = (options: NockServerOptions): ContractServer => {
  const url = new URL(options.baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const routes: Partial<Record<ContractOperation, NockRoute>> = {
    ...options.operations,
    createInvoice: [{ method: 'POST', path: options.createPath, ...options.success }],
  };
  let requests = 0;
  let created: string | null = null;
  let stubs: Stub[] = [];
  const ready = loadNock().then((nock) => {
    nock.emitter.on('no match', () => (requests += 1));
    return nock;
  });

  const routeOf = (operation: ContractOperation): NockRoute => {
    const route = routes[operation];
    if (!route) throw new Error(`nockContractServer has no route for ${operation}: add it to operations`);
    return route;
  };

  const matches =
    (path: string | RegExp) =>
    (uri: string): boolean =>
      uri.startsWith(prefix) &&
      (typeof path === 'string' ? uri === `${prefix}${path}` : path.test(uri.slice(prefix.length)));

  const intercept = (nock: Nock, operation: ContractOperation, exchange: NockExchange) => {
    const interceptor = nock(url.origin).intercept(matches(exchange.path), exchange.method);
    const where = typeof exchange.path === 'string' ? exchange.path : ` matching ${exchange.path}`;
    const label = `${operation}: ${exchange.method} ${url.origin}${prefix}${where}`;
    return { interceptor, keep: (scope: NockModule.Scope) => stubs.push({ label, scope }) };
  };

  const stub = async (operation: ContractOperation, reply: StubReply): Promise<void> => {
    const { interceptor, keep } = intercept(await ready, operation, routeOf(operation)[0]);
    const counted = <A>(answer: A) => {
      requests += 1;
      return answer;
    };
    if (reply.kind === 'reply') {
      const headers = reply.headers ?? { 'Content-Type': 'application/json' };
      keep(interceptor.reply(() => counted([reply.status, reply.body, headers] as const)));
    } else if (reply.kind === 'hang') {
      keep(interceptor.delay(reply.ms).reply(() => counted([200, '{}'] as const)));
    } else {
      const scope = interceptor.replyWithError(
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      );
      scope.on('request', () => (requests += 1));
      keep(scope);
    }
  };

  const stubSuccess = async (operation: ContractOperation): Promise<void> => {
    const nock = await ready;
    for (const exchange of routeOf(operation)) {
      const { interceptor, keep } = intercept(nock, operation, exchange);
      keep(
        interceptor.reply((uri, requestBody) => {
          requests += 1;
          const text = exchange.body(bodyText(requestBody), { path: uri.slice(prefix.length), created });
          if (operation === 'createInvoice') created = text;
          return [exchange.status, text, { 'Content-Type': 'application/json' }];
        }),
      );
    }
  };

  return {
    stub,
    stubSuccess,
    serves: (operation) => routes[operation] !== undefined,
    requestCount: async () => {
      await ready;
      return requests;
    },
    reset: async () => {
      const nock = await ready;
      const unused = stubs.filter((s) => !s.scope.isDone()).map((s) => s.label);
      stubs = [];
      requests = 0;
      created = null;
      nock.abortPendingRequests();
      nock.cleanAll();
      if (unused.length > 0) throw new Error(`stubs never called: ${unused.join(', ')}`);
    },
  };
};
