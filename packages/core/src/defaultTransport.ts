import { transports } from '#transport';
import type { AxiosTransportOptions } from './axiosTransport';
import type { NodeTransportOptions } from './nodeTransport';
import type { HttpTransport } from './transport';

export type { AxiosTransportOptions, NodeTransportOptions };

/**
 * Builds the axios-backed transport on Node (axios loads on its first request): keep-alive, no transforms,
 * no redirects, capped, one deadline per request over the whole exchange. Where node:http is absent
 * (workerd, browsers) or not native (Bun, Deno), it builds the fetch transport with the same size cap.
 */
export const createAxiosTransport: (options?: AxiosTransportOptions) => HttpTransport =
  transports.createAxiosTransport;

/**
 * Builds the transport over node:http and node:https on Node, the one `defaultTransport` is: keep-alive,
 * no redirects, decompressed and capped, one deadline per request over the whole exchange. Where node:http
 * is absent (workerd, browsers) or not native (Bun, Deno), it builds the fetch transport with the same size cap.
 */
export const createNodeTransport: (options?: NodeTransportOptions) => HttpTransport =
  transports.createNodeTransport;

/**
 * The process-wide default transport, chosen by export condition: node:http and node:https on keep-alive
 * agents on Node (the `node` condition; shared, so sockets are reused), the runtime's `fetch` on Deno and
 * under `bun`, `workerd`, `worker`, `browser` and by default.
 */
export const defaultTransport: HttpTransport = transports.defaultTransport;
