import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import type * as t from 'io-ts';
import type { InvoiceError } from './errors';
import type { ProviderId } from './ids';
import { stringifyJson } from './json';
import type { Scrubber } from './scrub';
import { guardTransport, type HttpResponse, type HttpTransport, type RequestOperation } from './transport';

/** A wire body and its one serialization: `body` is exactly what is signed and sent. */
export interface Outgoing<W> {
  readonly wire: W;
  readonly body: string;
}

/** One request and the provider's answer to it, not yet read. */
export interface Exchange<W> {
  readonly request: Outgoing<W>;
  readonly response: HttpResponse;
}

/** Serializes a wire body once with its codec, every JSON number with its exact digits. */
export const serializeRequest =
  <W, O>(codec: t.Encoder<W, O>) =>
  (wire: W): Outgoing<W> => ({ wire, body: stringifyJson(codec.encode(wire)) });

/** Where an adapter's requests go and how long each may take: fields every resolved configuration has. */
export interface ApiTarget {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

/** One endpoint: sends a serialized body and answers with the exchange, the answer unread. */
export type Send<W> = (request: Outgoing<W>) => TE.TaskEither<InvoiceError, Exchange<W>>;

/** The auth headers of a request, given the exact body it carries. */
export type AuthHeaders = (body: string) => Readonly<Record<string, string>>;

const postJson = (target: ApiTarget, transport: HttpTransport, scrub: Scrubber, auth: AuthHeaders) => {
  const send = guardTransport(transport, scrub);
  return <W>(path: string, operation: RequestOperation): Send<W> => {
    const url = `${target.baseUrl}${path}`;
    return (request) => async () => {
      const response = await send({
        provider: target.provider,
        method: 'POST',
        url,
        headers: { 'Content-Type': 'application/json', ...auth(request.body) },
        body: request.body,
        timeoutMs: target.timeoutMs,
        operation,
      })();
      return E.isLeft(response) ? response : E.right({ request, response: response.right });
    };
  };
};

/**
 * One operation as a single promise hop: `prepare` reads the input when the operation is called,
 * `send` runs when the task runs, `read` takes the answer. Each step is composed once per provider;
 * a TaskEither chain of the same steps costs a microtask hop and a dual dispatch per step.
 */
export const roundTrip =
  <I, W, A, B>(
    prepare: (input: I) => E.Either<InvoiceError, W>,
    send: (request: W) => TE.TaskEither<InvoiceError, A>,
    read: (answer: A) => E.Either<InvoiceError, B>,
  ) =>
  (input: I): TE.TaskEither<InvoiceError, B> => {
    const prepared = prepare(input);
    return async () => {
      if (E.isLeft(prepared)) return prepared;
      const answer = await send(prepared.right)();
      return E.isLeft(answer) ? answer : read(answer.right);
    };
  };

/** An adapter's client: one `Send` per endpoint, each taking that endpoint's wire body. */
export type JsonClient<Bodies> = { readonly [K in keyof Bodies]: Send<Bodies[K]> };

/**
 * Builds an adapter's client from its endpoint paths and auth headers: each endpoint POSTs a
 * serialized JSON body to `baseUrl + path` over the guarded transport (credentials scrubbed from every
 * answer) and answers with the exchange, never classifying, parsing or decoding it. Each request is
 * labelled with its endpoint's name; `idempotent` names the endpoints that may be sent again after a
 * failure that may have reached the provider (reads, and writes the provider deduplicates).
 */
export const jsonClient =
  <Config extends ApiTarget, Bodies>(
    paths: { readonly [K in keyof Bodies]: string },
    auth: (config: Config) => AuthHeaders,
    idempotent: ReadonlyArray<keyof Bodies & string> = [],
  ) =>
  (config: Config, transport: HttpTransport, scrub: Scrubber): JsonClient<Bodies> => {
    const post = postJson(config, transport, scrub, auth(config));
    return Object.fromEntries(
      Object.entries<string>(paths).map(([name, path]) => [
        name,
        post(path, { name, idempotent: (idempotent as ReadonlyArray<string>).includes(name) }),
      ]),
    ) as unknown as JsonClient<Bodies>;
  };
