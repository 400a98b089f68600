import { createFetchTransport } from './fetchTransport';
import type { RuntimeTransports } from './transportPorts';

/**
 * The transports where node:http is absent or not native (workerd, browsers, Bun, Deno): `fetch`. axios's
 * http adapter needs node:http, so `createAxiosTransport` builds the fetch transport with the same size
 * cap there (`maxSockets` does not apply: the runtime pools connections itself).
 */
export const transports: RuntimeTransports = {
  createAxiosTransport: (options = {}) =>
    createFetchTransport({ maxResponseBytes: options.maxResponseBytes }),
  defaultTransport: createFetchTransport(),
};
