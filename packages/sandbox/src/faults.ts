import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxFault } from './types';

/** Injected faults and request counters of every provider. */
export interface Faults {
  inject(provider: string, fault: SandboxFault): void;
  pending(provider: string): number;
  clear(provider?: string): void;
  /** Counts one API request of `provider`. */
  count(provider: string): void;
  requests(provider: string): number;
  resetCounts(provider?: string): void;
  /** Runs the next fault of `provider`, if any: true when the fault answered the request itself. */
  intercept(provider: string, request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  /** Ends every hang early. */
  close(): void;
}

const looksLikeJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const hasHeader = (headers: Record<string, string>, name: string): boolean =>
  Object.keys(headers).some((k) => k.toLowerCase() === name);

/** True when `fault` targets this request: its method and path, where it names them. */
const targets = (fault: SandboxFault, request: FastifyRequest): boolean =>
  (fault.method === undefined || fault.method.toUpperCase() === request.method.toUpperCase()) &&
  (fault.path === undefined || new RegExp(fault.path).test(request.url.split('?')[0] ?? ''));

const reset = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  reply.hijack();
  request.raw.socket.resetAndDestroy();
  return reply;
};

/** Creates empty fault queues and zeroed counters for `providers`. */
export const createFaults = (providers: ReadonlyArray<string>): Faults => {
  const queues = new Map<string, SandboxFault[]>(providers.map((p) => [p, []]));
  const counts = new Map<string, number>(providers.map((p) => [p, 0]));
  const hangs = new Set<() => void>();
  const queue = (p: string): SandboxFault[] => queues.get(p) ?? [];
  const each = (p: string | undefined): ReadonlyArray<string> => (p === undefined ? providers : [p]);

  const hang = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        hangs.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      hangs.add(done);
    });

  const run = async (fault: SandboxFault, request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    switch (fault.kind) {
      case 'reply': {
        const headers = fault.headers ?? {};
        const body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? null);
        const type = hasHeader(headers, 'content-type')
          ? undefined
          : typeof fault.body !== 'string' || looksLikeJson(body)
            ? 'application/json'
            : 'text/plain; charset=utf-8';
        void reply.code(fault.status).headers(headers);
        if (type !== undefined) void reply.type(type);
        await reply.send(body);
        return true;
      }
      case 'hang':
        await hang(fault.ms);
        return false;
      case 'reset':
        if (fault.afterHandler === true) {
          reply.send = () => reset(request, reply);
          return false;
        }
        reset(request, reply);
        return true;
    }
  };

  return {
    inject: (p, fault) => void queue(p).push(fault),
    pending: (p) => queue(p).length,
    clear: (p) => each(p).forEach((id) => queues.set(id, [])),
    count: (p) => void counts.set(p, (counts.get(p) ?? 0) + 1),
    requests: (p) => counts.get(p) ?? 0,
    resetCounts: (p) => each(p).forEach((id) => counts.set(id, 0)),
    intercept: async (p, request, reply) => {
      const pending = queue(p);
      const at = pending.findIndex((fault) => targets(fault, request));
      if (at < 0) return false;
      const [fault] = pending.splice(at, 1);
      return run(fault!, request, reply);
    },
    close: () => [...hangs].forEach((done) => done()),
  };
};
