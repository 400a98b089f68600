import { createFetchTransport } from './fetchTransport';
import type { HttpTransport } from './transport';
import type { RuntimeTransports } from './transportPorts';

const fetchWithCap = (options: { readonly maxResponseBytes?: number } = {}): HttpTransport =>
  createFetchTransport({ maxResponseBytes: options.maxResponseBytes });

/**
 * The transports where node:http is absent or not native (workerd, browsers, Bun, Deno): `fetch`. axios's
 * http adapter and the Node transport need node:http, so `createAxiosTransport` and `createNodeTransport`
 * build the fetch transport with the same size cap there (`maxSockets` does not apply: the runtime pools
 * connections itself).
 */
export const transports: RuntimeTransports = {
  createAxiosTransport: fetchWithCap,
  createNodeTransport: fetchWithCap,
  defaultTransport: createFetchTransport(),
};
