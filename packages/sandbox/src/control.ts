import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import type { Clock } from './clock';
import type { SandboxConsole } from './console';
import type { Deliverer } from './delivery';
import type { Emulation } from './emulator';
import type { SandboxCredentials } from './emulators';
import type { EngineFailure } from './engine';
import type { Faults } from './faults';
import { rawBody } from './http';
import { readJson } from './json';
import {
  CALLBACK_TYPES,
  isCallbackType,
  isPaymentKind,
  PAYMENT_KINDS,
  type PaymentKind,
  type SandboxCallback,
  type SandboxFault,
  type SandboxFaultTarget,
  type SandboxTrigger,
} from './types';
import { isRecord } from './validation';

/** What the control API drives. */
export interface ControlDeps {
  readonly emulations: ReadonlyMap<string, Emulation>;
  readonly faults: Faults;
  readonly deliverer: Deliverer;
  readonly credentials: () => SandboxCredentials;
  readonly clock: Clock;
  readonly console: SandboxConsole;
}

/** True for a clock advance: a finite number of milliseconds, 0 or more. */
export const isAdvance = (ms: unknown): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;

/** Reads a `clock/advance` body, `{"ms": …}`, or explains what is wrong with it. */
export const decodeAdvance = (u: unknown): E.Either<string, number> =>
  isRecord(u) && isAdvance(u['ms'])
    ? E.right(u['ms'])
    : E.left('the body must be {"ms": N}, N milliseconds (0 or more) to move the clock ahead');

/** Reads a `trigger` body, `{"event": …, "invoiceId"?: …, "set"?: {path: value}}`, or explains what is wrong with it. */
export const decodeTrigger = (u: unknown): E.Either<string, SandboxTrigger> =>
  !isRecord(u) || typeof u['event'] !== 'string'
    ? E.left('a trigger is {"event": string, "invoiceId"?: string, "set"?: {"path.to.field": value}}')
    : u['invoiceId'] !== undefined && typeof u['invoiceId'] !== 'string'
      ? E.left('trigger.invoiceId must be a string')
      : u['set'] !== undefined && !isRecord(u['set'])
        ? E.left('trigger.set must map field paths to values')
        : E.right({
            event: u['event'],
            ...(typeof u['invoiceId'] === 'string' ? { invoiceId: u['invoiceId'] } : {}),
            ...(isRecord(u['set']) ? { set: u['set'] } : {}),
          });

/** How long the pay and expire routes wait for the callbacks' first answers before answering 202 with the state so far. */
export const ACTION_ANSWER_MS = 300;

const atMost = <A>(work: Promise<A>, ms: number): Promise<A | undefined> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void work.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

const isPattern = (u: unknown): u is string => {
  if (typeof u !== 'string') return false;
  try {
    new RegExp(u);
    return true;
  } catch {
    return false;
  }
};

/** Reads a fault's optional target, `method` and `path`, or explains what is wrong with it. */
const decodeTarget = (u: Readonly<Record<string, unknown>>): E.Either<string, SandboxFaultTarget> =>
  u['method'] !== undefined && (typeof u['method'] !== 'string' || !/^[A-Za-z]+$/.test(u['method']))
    ? E.left('fault.method must be an HTTP method such as GET or POST')
    : u['path'] !== undefined && !isPattern(u['path'])
      ? E.left('fault.path must be a regular expression matching request paths')
      : E.right({
          ...(typeof u['method'] === 'string' ? { method: u['method'] } : {}),
          ...(typeof u['path'] === 'string' ? { path: u['path'] } : {}),
        });

/** Reads what a fault does, by its `kind`. */
const decodeKind = (u: Readonly<Record<string, unknown>>): E.Either<string, SandboxFault> => {
  switch (u['kind']) {
    case 'reply': {
      const status = u['status'];
      const headers = u['headers'];
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
        return E.left('reply.status must be an HTTP status code');
      if (
        headers !== undefined &&
        (!isRecord(headers) || !Object.values(headers).every((v) => typeof v === 'string'))
      )
        return E.left('reply.headers must map names to strings');
      return E.right({
        kind: 'reply',
        status,
        body: u['body'] ?? '',
        ...(headers === undefined ? {} : { headers: headers as Record<string, string> }),
      });
    }
    case 'hang': {
      const ms = u['ms'];
      return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0
        ? E.right({ kind: 'hang', ms })
        : E.left('hang.ms must be a non-negative number');
    }
    case 'reset':
      return E.right({ kind: 'reset' });
    default:
      return E.left('fault.kind must be reply, hang or reset');
  }
};

/** Reads a control-API fault body, or explains what is wrong with it. */
export const decodeFault = (u: unknown): E.Either<string, SandboxFault> =>
  isRecord(u)
    ? pipe(
        decodeTarget(u),
        E.flatMap((target) =>
          E.map((fault: SandboxFault): SandboxFault => ({ ...fault, ...target }))(decodeKind(u)),
        ),
      )
    : E.left('a fault is an object with a kind: reply, hang or reset');

/** Reads a control-API callback body, or explains what is wrong with it. */
export const decodeCallback = (u: unknown): E.Either<string, SandboxCallback> =>
  !isRecord(u) || !isCallbackType(u['type'])
    ? E.left(`a callback is {"type": "${CALLBACK_TYPES.join('" | "')}", "status"?: string}`)
    : u['status'] !== undefined && typeof u['status'] !== 'string'
      ? E.left('callback.status must be a string')
      : E.right({
          type: u['type'],
          ...(typeof u['status'] === 'string' ? { status: u['status'] } : {}),
        });

/** Reads a `pay` body, `{"kind": …}` or `{}` for `full`, or explains what is wrong with it. */
export const decodePaymentKind = (u: unknown): E.Either<string, PaymentKind> => {
  const kind = isRecord(u) ? (u['kind'] ?? 'full') : undefined;
  return isPaymentKind(kind)
    ? E.right(kind)
    : E.left(`the body must be {"kind": "${PAYMENT_KINDS.join('" | "')}"} (or empty for full)`);
};

/** Reads a control body as JSON, an empty one as `{}`, or explains what is wrong with it. */
export const jsonBody = (body: Buffer): E.Either<string, unknown> =>
  body.length === 0
    ? E.right({})
    : E.mapLeft((reason: string) => `the body must be JSON (${reason})`)(
        readJson(body.toString('utf8'), Number),
      );

const problem = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ error });

const noContent = (reply: FastifyReply, act: () => void) => {
  act();
  return reply.code(204).send();
};

const answer = (reply: FastifyReply, result: E.Either<EngineFailure, unknown>) =>
  E.isLeft(result) ? problem(reply, result.left.status, result.left.message) : reply.send(result.right);

// The invoice has changed by the time the action's promise is made; its webhooks go on in the background.
const promptly = async (
  reply: FastifyReply,
  emulation: Emulation,
  id: string,
  action: Promise<E.Either<EngineFailure, unknown>>,
) => {
  const done = await atMost(action, ACTION_ANSWER_MS);
  return done === undefined ? reply.code(202).send(emulation.find(id)) : answer(reply, done);
};

type ProviderParams = { Params: { provider: string } };
type InvoiceParams = { Params: { provider: string; id: string } };

/**
 * The `/_sandbox/…` control API: invoice lifecycle, other callbacks, triggers, faults, request counts,
 * deliveries and their resends, the clock, credentials.
 */
export const controlRoutes =
  (deps: ControlDeps): FastifyPluginAsync =>
  async (app) => {
    const forProvider =
      <R extends FastifyRequest<ProviderParams>>(
        handle: (emulation: Emulation, request: R, reply: FastifyReply) => Promise<unknown>,
      ) =>
      async (request: R, reply: FastifyReply) => {
        const { provider } = request.params;
        const emulation = deps.emulations.get(provider);
        return emulation === undefined
          ? problem(
              reply,
              404,
              `unknown provider ${provider}; use one of ${[...deps.emulations.keys()].join(', ')}`,
            )
          : handle(emulation, request, reply);
      };

    app.get('/credentials', async () => deps.credentials());

    app.get('/deliveries', async () => deps.deliverer.log());

    app.post<{ Params: { id: string } }>('/deliveries/:id/resend', async (request, reply) => {
      const sent = deps.deliverer.resend(request.params.id);
      return E.isLeft(sent) ? problem(reply, 404, sent.left) : reply.send(await sent.right);
    });

    const clockNow = () => ({
      now: new Date(deps.clock.now()).toISOString(),
      offsetMs: deps.clock.offsetMs(),
    });

    app.get('/clock', async () => clockNow());

    app.post('/clock/advance', async (request, reply) => {
      const ms = E.flatMap(decodeAdvance)(jsonBody(rawBody(request)));
      if (E.isLeft(ms)) return problem(reply, 400, ms.left);
      await deps.clock.advance(ms.right);
      return clockNow();
    });

    app.get('/events', async () =>
      Object.fromEntries([...deps.emulations.values()].map((e) => [e.provider, e.events])),
    );

    app.get<ProviderParams>(
      '/:provider/events',
      forProvider(async (emulation) => emulation.events),
    );

    app.post<ProviderParams>(
      '/:provider/trigger',
      forProvider(async (emulation, request, reply) => {
        const trigger = E.flatMap(decodeTrigger)(jsonBody(rawBody(request)));
        if (E.isLeft(trigger)) return problem(reply, 400, trigger.left);
        const chain = emulation.send(trigger.right);
        return E.isLeft(chain)
          ? problem(reply, chain.left.status, chain.left.message)
          : reply.send(await chain.right.first);
      }),
    );

    app.delete('/requests', async (_request, reply) => noContent(reply, () => deps.faults.resetCounts()));

    app.get<ProviderParams>(
      '/:provider/invoices',
      forProvider(async (emulation) => emulation.list()),
    );

    app.get<InvoiceParams>(
      '/:provider/invoices/:id',
      forProvider(async (emulation, { params: { provider, id } }, reply) => {
        const state = emulation.find(id);
        return state === undefined ? problem(reply, 404, `no ${provider} invoice ${id}`) : state;
      }),
    );

    app.post<InvoiceParams>(
      '/:provider/invoices/:id/pay',
      forProvider(async (emulation, request, reply) => {
        const kind = E.flatMap(decodePaymentKind)(jsonBody(rawBody(request)));
        return E.isLeft(kind)
          ? problem(reply, 400, kind.left)
          : promptly(reply, emulation, request.params.id, emulation.pay(request.params.id, kind.right));
      }),
    );

    app.post<InvoiceParams>(
      '/:provider/invoices/:id/expire',
      forProvider(async (emulation, request, reply) =>
        promptly(reply, emulation, request.params.id, emulation.expire(request.params.id)),
      ),
    );

    app.post<ProviderParams>(
      '/:provider/callbacks',
      forProvider(async (emulation, request, reply) => {
        const callback = E.flatMap(decodeCallback)(jsonBody(rawBody(request)));
        return E.isLeft(callback)
          ? problem(reply, 400, callback.left)
          : answer(reply, await emulation.sendCallback(callback.right));
      }),
    );

    app.post<ProviderParams>(
      '/:provider/faults',
      forProvider(async ({ provider }, request, reply) => {
        const fault = E.flatMap(decodeFault)(jsonBody(rawBody(request)));
        return E.isLeft(fault)
          ? problem(reply, 400, fault.left)
          : noContent(reply, () => deps.faults.inject(provider, fault.right));
      }),
    );

    const resettable = (
      name: string,
      read: (provider: string) => object,
      reset: (provider?: string) => void,
    ) => {
      app.get<ProviderParams>(
        `/:provider/${name}`,
        forProvider(async ({ provider }) => read(provider)),
      );
      app.delete<ProviderParams>(
        `/:provider/${name}`,
        forProvider(async ({ provider }, _request, reply) => noContent(reply, () => reset(provider))),
      );
    };

    resettable('faults', (provider) => ({ pending: deps.faults.pending(provider) }), deps.faults.clear);

    resettable(
      'requests',
      (provider) => ({ count: deps.faults.requests(provider) }),
      deps.faults.resetCounts,
    );

    app.setNotFoundHandler(async (request, reply) =>
      problem(reply, 404, `no control endpoint ${request.method} ${request.url}`),
    );
  };
