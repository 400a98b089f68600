import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { confirmedCallbackBody } from './order';

const ROUNDS = Number(process.env.ENDPOINT_ROUNDS ?? 9);
const REQUESTS = Number(process.env.ENDPOINT_REQUESTS ?? 6_000);
const WARM_UP = 3_000;
const CONNECTIONS = 64;
const API_KEY = 'bench-api-key';
const SECRET_KEY = 'bench-secret-key';

const body = confirmedCallbackBody;
const headers = {
  'content-type': 'application/json',
  'content-length': String(Buffer.byteLength(body)),
  'x-processing-key': API_KEY,
  'x-processing-signature': createHmac('sha512', SECRET_KEY).update(body).digest('hex'),
};

type Ports = Readonly<Record<string, number>>;

const startServers = () => {
  const execArgv = process.env.ENDPOINT_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ENDPOINT_PROFILE_DIR}`]
    : [];
  const child = fork(join(__dirname, 'endpoint-server.mjs'), [API_KEY, SECRET_KEY], {
    stdio: 'inherit',
    execArgv,
  });
  const ports = new Promise<Ports>((resolve) =>
    child.once('message', (message) => resolve((message as { ports: Ports }).ports)),
  );
  return { child, ports };
};

/** Requests per second from `total` POSTs at `CONNECTIONS` in flight over keep-alive sockets; every answer must be 200. */
const rate = (agent: http.Agent, port: number, total: number): Promise<number> =>
  new Promise((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const start = process.hrtime.bigint();
    const next = (): void => {
      if (sent === total) return;
      sent += 1;
      const request = http.request(
        { agent, port, host: '127.0.0.1', method: 'POST', path: '/webhooks', headers },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode !== 200)
              return reject(new Error(`port ${port} answered ${response.statusCode}`));
            done += 1;
            if (done === total) resolve(total / (Number(process.hrtime.bigint() - start) / 1e9));
            else next();
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    };
    for (let i = 0; i < CONNECTIONS; i += 1) next();
  });

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const main = async () => {
  const { child, ports } = startServers();
  const port = await ports;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const lines: string[] = [];
  for (const framework of (process.env.ENDPOINT_FRAMEWORKS ?? 'express,fastify').split(',')) {
    const apps = ['invoicekit', 'invoicekit over the hand-written check', 'hand-written'].map(
      (app) => port[`${framework} ${app}`]!,
    );
    for (const app of apps) await rate(agent, app, WARM_UP);
    const rates: number[][] = apps.map(() => []);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let k = 0; k < apps.length; k += 1) {
        const app = (round + k) % apps.length;
        rates[app]!.push(await rate(agent, apps[app]!, REQUESTS));
      }
    }
    const [ours, overCheck, theirs] = rates as [number[], number[], number[]];
    const ratioCell = (values: ReadonlyArray<number>): string => {
      const ratios = values.map((value, i) => value / theirs[i]!);
      return `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
    };
    const perSecond = (values: ReadonlyArray<number>): string =>
      `${Math.round(median(values)).toLocaleString('en')} /s`;
    lines.push(
      `| ${framework} | ${perSecond(ours)} | ${perSecond(theirs)} | ${ratioCell(ours)} | ${perSecond(overCheck)} | ${ratioCell(overCheck)} |`,
    );
  }
  agent.destroy();
  child.kill('SIGINT');
  console.log(
    `Webhook endpoint, CoinsPaid callback, ${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds of ${REQUESTS.toLocaleString('en')} requests each (median of per-round ratios to the hand-written route, range). ` +
      `The last two columns are invoicekit's handler over the hand-written check instead of the adapter's parse: the endpoint's own cost.\n`,
  );
  console.log(
    '| framework | invoicekit | hand-written | ratio | over the hand-written check | ratio |\n| --- | --- | --- | --- | --- | --- |',
  );
  for (const line of lines) console.log(line);
};

void main();
