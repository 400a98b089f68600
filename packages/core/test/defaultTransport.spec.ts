import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import {
  createAxiosTransport,
  createNodeTransport,
  defaultTransport,
  type HttpRequest,
} from '../src/adapter';
import * as axiosTransport from '../src/axiosTransport';
import * as nodeTransport from '../src/nodeTransport';
import { transports as portable } from '../src/transportPortable';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  imports: Record<string, Record<string, string>>;
};

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('X-Agent', req.headers['user-agent'] ?? '');
    res.end('z'.repeat(64));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const request = (): HttpRequest => ({
  provider: 'btcpay',
  method: 'GET',
  url,
  headers: {},
  body: '',
  timeoutMs: 2000,
});

describe('the default transport per runtime (#transport)', () => {
  it('is the node:http transport under the node condition, and keeps createAxiosTransport as it was', async () => {
    expect(createNodeTransport).toBe(nodeTransport.createNodeTransport);
    expect(createAxiosTransport).toBe(axiosTransport.createAxiosTransport);
    const response = expectRight(await defaultTransport(request())());
    expect(response.body).toBe('z'.repeat(64));
    expect(response.headers['x-agent']).toMatch(/^invoicekit\//);
  });

  it('answers through the node default without loading axios, which createAxiosTransport loads on use', async () => {
    let axiosLoads = 0;
    await jest.isolateModulesAsync(async () => {
      jest.doMock('axios', () => {
        axiosLoads += 1;
        return jest.requireActual<typeof import('axios')>('axios');
      });
      const { transports } =
        jest.requireActual<typeof import('../src/transportNode')>('../src/transportNode');
      expect(expectRight(await transports.defaultTransport(request())()).body).toBe('z'.repeat(64));
      expect(expectRight(await transports.createNodeTransport()(request())()).body).toBe('z'.repeat(64));
      expect(axiosLoads).toBe(0);
      expect(expectRight(await transports.createAxiosTransport()(request())()).body).toBe('z'.repeat(64));
      expect(axiosLoads).toBe(1);
    });
  });

  it('gives Deno, which resolves a CommonJS require as node, the fetch transports', () => {
    const deno = Object.getOwnPropertyDescriptor(globalThis, 'Deno');
    Object.defineProperty(globalThis, 'Deno', { value: {}, configurable: true });
    try {
      jest.isolateModules(() => {
        const { transports } =
          jest.requireActual<typeof import('../src/transportNode')>('../src/transportNode');
        const fetchOnes =
          jest.requireActual<typeof import('../src/transportPortable')>('../src/transportPortable');
        expect(transports).toBe(fetchOnes.transports);
      });
    } finally {
      if (deno === undefined) Reflect.deleteProperty(globalThis, 'Deno');
      else Object.defineProperty(globalThis, 'Deno', deno);
    }
    expect('Deno' in globalThis).toBe(false);
  });

  it('maps bun, workerd, worker, browser and default to the fetch module and node to node:http, bun first', () => {
    const conditions = manifest.imports['#transport']!;
    expect(Object.keys(conditions)).toEqual(['bun', 'workerd', 'worker', 'browser', 'node', 'default']);
    expect(conditions).toEqual({
      bun: './dist/transportPortable.js',
      workerd: './dist/transportPortable.js',
      worker: './dist/transportPortable.js',
      browser: './dist/transportPortable.js',
      node: './dist/transportNode.js',
      default: './dist/transportPortable.js',
    });
  });

  it('elsewhere answers through fetch, and createAxiosTransport and createNodeTransport keep their size cap there', async () => {
    const response = expectRight(await portable.defaultTransport(request())());
    expect(response.body).toBe('z'.repeat(64));
    expect(response.headers['x-agent']).toMatch(/^invoicekit\//);
    const capped = portable.createAxiosTransport({ maxResponseBytes: 32, maxSockets: 2 });
    expect(expectLeftTag(await capped(request())(), 'UnexpectedResponse').issues).toEqual([
      { path: '', message: 'response body exceeds the size cap' },
    ]);
    expect(expectRight(await portable.createAxiosTransport()(request())()).body).toHaveLength(64);
    const cappedNode = portable.createNodeTransport({ maxResponseBytes: 32, maxSockets: 2 });
    expect(expectLeftTag(await cappedNode(request())(), 'UnexpectedResponse').issues).toEqual([
      { path: '', message: 'response body exceeds the size cap' },
    ]);
    expect(expectRight(await portable.createNodeTransport()(request())()).body).toHaveLength(64);
  });
});
