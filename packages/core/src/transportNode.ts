import { createAxiosTransport } from './axiosTransport';
import { createNodeTransport } from './nodeTransport';
import { transports as portable } from './transportPortable';
import type { RuntimeTransports } from './transportPorts';

/**
 * The transports under the `node` condition: node:http and node:https directly on Node, with axios built
 * on request (it loads on its first call). Deno resolves a CommonJS `require` with the `node` condition too,
 * but its node:http is a layer over its own `fetch`, and axios's dependencies read the whole environment
 * when loaded (a permission Deno asks for): Deno gets the fetch transports.
 */
export const transports: RuntimeTransports =
  'Deno' in globalThis
    ? portable
    : { createAxiosTransport, createNodeTransport, defaultTransport: createNodeTransport() };
