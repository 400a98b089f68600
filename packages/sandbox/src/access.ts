import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import * as E from 'fp-ts/Either';
import { isJsonRequest } from './http';

const INTENT_HEADER = 'X-Invoicekit-Sandbox';

/** A name the sandbox answers to besides the loopback ones: a hostname, on one port or on any. */
export interface AllowedHost {
  /** As the WHATWG URL parser writes it: lower case, IPv6 in brackets. */
  readonly hostname: string;
  /** Undefined for any port; `''` for port 80. */
  readonly port: string | undefined;
}

/** Why the sandbox refuses a request before reading its body: the status and what to send instead. */
export interface Refusal {
  readonly status: number;
  readonly error: string;
}

/** One check of a request's headers: a refusal, or undefined to let it through. */
export type AccessCheck = (request: FastifyRequest) => Refusal | undefined;

const parseHost = (text: string): URL | undefined =>
  text !== '' && !/[\s/\\@?#]/.test(text) && URL.canParse(`http://${text}`)
    ? new URL(`http://${text}`)
    : undefined;

/** Reads an allowed host, `name` (any port) or `name:port`, or explains what is wrong with it. */
export const readAllowedHost = (text: string): E.Either<string, AllowedHost> => {
  const url = parseHost(text.trim());
  return url === undefined
    ? E.left(`"${text}" is not a host name; give a name or a name:port, e.g. sandbox or sandbox:4010`)
    : E.right({ hostname: url.hostname, port: /:\d+$/.test(text.trim()) ? url.port : undefined });
};

/** Reads every allowed host, or explains the first that is not a host name. */
export const readAllowedHosts = (
  texts: ReadonlyArray<string>,
): E.Either<string, ReadonlyArray<AllowedHost>> => E.traverseArray(readAllowedHost)(texts);

const isLoopback = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * Refuses a `Host` that is not the sandbox's own (a loopback name on any port, or an allowed host): a
 * page that reached this port through a rebound DNS name carries its own name there.
 */
export const foreignHost =
  (allowed: ReadonlyArray<AllowedHost>): AccessCheck =>
  (request) => {
    const host = request.headers.host ?? '';
    const url = parseHost(host);
    const own =
      url !== undefined &&
      (isLoopback(url.hostname) ||
        allowed.some((a) => a.hostname === url.hostname && (a.port === undefined || a.port === url.port)));
    return own
      ? undefined
      : {
          status: 403,
          error: `Host ${JSON.stringify(host)} is not this sandbox's name: it answers localhost, 127.x.x.x and [::1] on any port, and the hosts allowed with --allow-host (allowedHosts)`,
        };
  };

const CROSS_SITES: ReadonlySet<string> = new Set(['cross-site', 'same-site']);

/** Refuses a request sent by a page of another origin, as its `Sec-Fetch-Site` or `Origin` tells. */
export const crossOrigin: AccessCheck = (request) => {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  const from =
    site !== undefined && CROSS_SITES.has(site)
      ? `Sec-Fetch-Site: ${site}`
      : origin !== undefined &&
          (!URL.canParse(origin) || new URL(origin).host !== parseHost(request.headers.host ?? '')?.host)
        ? `Origin: ${origin}`
        : undefined;
  return from === undefined
    ? undefined
    : {
        status: 403,
        error: `a page of another origin may not drive the sandbox (${from}); call its control API from a test or a server`,
      };
};

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a page of any site could send without asking (a form, a
 * `text/plain` fetch): it must be `Content-Type: application/json` or carry `X-Invoicekit-Sandbox`.
 */
export const withoutIntent: AccessCheck = (request) => {
  if (SAFE_METHODS.has(request.method) || isJsonRequest(request)) return undefined;
  if ((request.headers[INTENT_HEADER.toLowerCase()] ?? '') !== '') return undefined;
  const type = request.headers['content-type'];
  const send = `send Content-Type: application/json (an empty body is fine) or the header ${INTENT_HEADER}: 1`;
  return type === undefined
    ? { status: 403, error: `${request.method} ${request.url} changes state: ${send}` }
    : {
        status: 415,
        error: `Content-Type ${JSON.stringify(type)} is refused: any web page can send it. ${send}`,
      };
};

/** An `onRequest` hook that answers `{error}` with the first refusal of `checks`, before the body is read. */
export const refuseWhen =
  (...checks: ReadonlyArray<AccessCheck>): onRequestAsyncHookHandler =>
  async (request, reply) => {
    const refusal = checks.reduce<Refusal | undefined>((found, check) => found ?? check(request), undefined);
    return refusal === undefined ? undefined : reply.code(refusal.status).send({ error: refusal.error });
  };
