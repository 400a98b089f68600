import { createAxiosTransport, defaultTransport } from './axiosTransport';
import { transports as portable } from './transportPortable';
import type { RuntimeTransports } from './transportPorts';

/**
 * The transports under the `node` condition: axios over keep-alive node:http agents on Node. Deno resolves
 * a CommonJS `require` with the `node` condition too, but its node:http is a layer over its own `fetch`,
 * and axios's dependencies read the whole environment when loaded (a permission Deno asks for): Deno gets
 * the fetch transports.
 */
export const transports: RuntimeTransports =
  'Deno' in globalThis ? portable : { createAxiosTransport, defaultTransport };
