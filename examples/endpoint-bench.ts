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
    const ours = port[`${framework} invoicekit`]!;
    const theirs = port[`${framework} hand-written`]!;
    await rate(agent, ours, WARM_UP);
    await rate(agent, theirs, WARM_UP);
    const oursRates: number[] = [];
    const theirRates: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const pair = round % 2 === 0 ? [ours, theirs] : [theirs, ours];
      const first = await rate(agent, pair[0]!, REQUESTS);
      const second = await rate(agent, pair[1]!, REQUESTS);
      oursRates.push(round % 2 === 0 ? first : second);
      theirRates.push(round % 2 === 0 ? second : first);
    }
    const ratios = oursRates.map((value, i) => value / theirRates[i]!);
    lines.push(
      `| ${framework} | ${Math.round(median(oursRates)).toLocaleString('en')} /s | ${Math.round(median(theirRates)).toLocaleString('en')} /s | ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
    );
  }
  agent.destroy();
  child.kill('SIGINT');
  console.log(
    `Webhook endpoint, CoinsPaid callback, ${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds of ${REQUESTS.toLocaleString('en')} requests (median of per-round ratios, range):\n`,
  );
  console.log('| framework | invoicekit | hand-written | ratio |\n| --- | --- | --- | --- |');
  for (const line of lines) console.log(line);
};

void main();
