import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import nock from 'nock';
import { settleNock, useNock } from '../src';

type Outcome = { readonly status: number; readonly body: string } | { readonly error: NodeJS.ErrnoException };

const get = (url: string): Promise<Outcome> =>
  new Promise((resolve) => {
    const request = http.get(url, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on('error', (error) => resolve({ error }));
  });

const withLoopbackServer = async (run: (url: string, hits: () => number) => Promise<void>) => {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits += 1;
    res.end('real');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, () => hits);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
};

const refused = { error: expect.objectContaining({ name: 'NetConnectNotAllowedError' }) };

describe('settleNock', () => {
  useNock();

  it('throws naming every scope never called, and leaves no interceptor behind', () => {
    nock('http://never-called.test').get('/ping').reply(200);
    nock('http://never-called.test').post('/pong').reply(200);
    expect(() => settleNock(nock)).toThrow(
      'nock scopes never called:\n  GET http://never-called.test:80/ping\n  POST http://never-called.test:80/pong',
    );
    expect(nock.activeMocks()).toEqual([]);
  });

  it('passes once every scope was called, and removes them', async () => {
    nock('http://called.test').get('/ping').reply(200, 'pong');
    expect(await get('http://called.test/ping')).toEqual({ status: 200, body: 'pong' });
    expect(() => settleNock(nock)).not.toThrow();
    expect(nock.activeMocks()).toEqual([]);
  });
});

describe('useNock()', () => {
  const http = useNock();

  it('refuses a real connection to any host', async () => {
    expect(await get('http://example.com/')).toEqual(refused);
  });

  it('counts the requests it refused during the current test', async () => {
    nock('http://called.test').get('/ping').reply(200, 'pong');
    expect(http.unmatched()).toBe(0);
    await get('http://called.test/ping');
    expect(http.unmatched()).toBe(0);
    await get('http://called.test/other');
    await get('http://example.com/');
    expect(http.unmatched()).toBe(2);
  });

  it('starts counting again at zero for the next test', () => {
    expect(http.unmatched()).toBe(0);
  });

  it('refuses loopback too', async () => {
    await withLoopbackServer(async (url, hits) => {
      expect(await get(url)).toEqual(refused);
      expect(hits()).toBe(0);
    });
  });

  it('fails a test whose scope was never called, naming it, and cleans up for the next (in a child jest)', () => {
    const root = join(__dirname, '..', '..', '..');
    const child = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--ci',
        '--json',
        '--runInBand',
        '--testMatch',
        '**/packages/testkit/test/jest/pendingScope.fixture.ts',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const report = JSON.parse(child.stdout) as {
      testResults: Array<{
        assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
      }>;
    };
    const [uncalled, next] = report.testResults[0]?.assertionResults ?? [];
    expect(uncalled?.status).toBe('failed');
    expect(uncalled?.failureMessages.join('\n')).toContain(
      'nock scopes never called:\n  GET https://never-called.test:443/ping',
    );
    expect(next?.status).toBe('passed');
  }, 60_000);
});

describe('useNock({ allowLoopback: true })', () => {
  useNock({ allowLoopback: true });

  it('lets a request to a real loopback server through', async () => {
    await withLoopbackServer(async (url, hits) => {
      expect(await get(url)).toEqual({ status: 200, body: 'real' });
      expect(hits()).toBe(1);
    });
  });

  it('still refuses every other host', async () => {
    expect(await get('http://example.com/')).toEqual(refused);
  });
});
