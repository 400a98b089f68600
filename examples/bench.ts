import { fork } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axios from 'axios';
import * as E from 'fp-ts/Either';
import { Bench } from 'tinybench';
import {
  createProvider,
  signCallback,
  type InvoiceProvider,
  type ProviderConfig,
  type ProviderId,
} from '@invoicekit/gateway';
import { ledgerBenchSection } from './ledger-bench';
import { exampleOrder } from './order';

const SEQUENTIAL_CALLS = 2_000;
const CONCURRENT_CALLS = 10_000;
const CONCURRENCY = 64;
const RSS_CALLS = 50_000;
const RSS_EARLY_MARK = 10_000;

const API_KEY = 'bench-api-key';
const SECRET_KEY = 'bench-secret-key';
const SHOP_ID = 'bench-shop';

const order = exampleOrder('bench-order');

type Call = () => Promise<unknown>;

const startServer = () =>
  new Promise<{ url: string; stop: () => void }>((resolve) => {
    const child = fork(join(__dirname, 'bench-server.mjs'), [], { stdio: 'inherit' });
    child.once('message', (message) => {
      const { port } = message as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.disconnect() });
    });
  });

const adapterCall =
  (provider: InvoiceProvider): Call =>
  async () => {
    const result = await provider.createInvoice(order)();
    if (E.isLeft(result)) throw new Error(result.left.message);
  };

/** What a merchant would write without invoicekit: sign the body with node:crypto, post with axios. */
const handWrittenCall = (url: string, provider: ProviderId): Call => {
  const client = axios.create({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }) });
  if (provider === 'cryptocloud') {
    return async () => {
      const body = JSON.stringify({
        shop_id: SHOP_ID,
        amount: 149.9,
        currency: 'EUR',
        order_id: 'bench-order',
        email: 'buyer@shop.example',
        add_fields: { time_to_pay: { hours: 0, minutes: 15 }, cryptocurrency: 'BTC' },
      });
      const response = await client.post(`${url}/cryptocloud/v2/invoice/create`, body, {
        headers: { Authorization: `Token ${API_KEY}`, 'Content-Type': 'application/json' },
      });
      return response.data;
    };
  }
  return async () => {
    const body = JSON.stringify({
      timer: true,
      title: 'Order #1001',
      description: 'Two espresso cups and a milk jug',
      currency: 'EUR',
      amount: 149.9,
      foreign_id: 'bench-order',
      end_user_reference: 'customer-77',
      url_success: 'https://shop.example/paid',
      url_failed: 'https://shop.example/failed',
      email_user: 'buyer@shop.example',
      sender_currency: 'BTC',
      sender_type: 'natural',
      sender_data: { first_name: 'Friedrich', last_name: 'Müller', date_of_birth: '1995-08-17' },
    });
    const signature = createHmac('sha512', SECRET_KEY).update(body).digest('hex');
    const response = await client.post(`${url}/${provider}/api/v2/invoices/create`, body, {
      headers: {
        'X-Processing-Key': API_KEY,
        'X-Processing-Signature': signature,
        'Content-Type': 'application/json',
      },
    });
    return response.data;
  };
};

const WARM_UP_CALLS = 1_000;
const THROUGHPUT_ROUNDS = 3;

const mean = (samples: number[]) => samples.reduce((sum, s) => sum + s, 0) / samples.length;
const percentile = (samples: number[], p: number) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length * p)]!;
const median = (values: number[]) => percentile(values, 0.5);

const timed = async (call: Call) => {
  const start = process.hrtime.bigint();
  await call();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

/** Times both calls alternately, so JIT warm-up, GC and machine noise fall on both alike. */
const interleavedLatencyMs = async (ours: Call, theirs: Call, calls: number) => {
  const oursSamples: number[] = [];
  const theirsSamples: number[] = [];
  for (let i = 0; i < calls; i += 1) {
    oursSamples.push(await timed(ours));
    theirsSamples.push(await timed(theirs));
  }
  return {
    ours: { mean: mean(oursSamples), p99: percentile(oursSamples, 0.99) },
    theirs: { mean: mean(theirsSamples), p99: percentile(theirsSamples, 0.99) },
  };
};

const runConcurrently = async (call: Call, calls: number, onCall?: (done: number) => void) => {
  let started = 0;
  let done = 0;
  const worker = async () => {
    while (started < calls) {
      started += 1;
      await call();
      done += 1;
      onCall?.(done);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return calls / (Number(process.hrtime.bigint() - start) / 1e9);
};

const rssGrowth = async (call: Call) => {
  const mb = () => process.memoryUsage().rss / 2 ** 20;
  let peak = mb();
  let early = 0;
  await runConcurrently(call, RSS_CALLS, (done) => {
    if (done % 1000 === 0) {
      peak = Math.max(peak, mb());
      if (done === RSS_EARLY_MARK) early = mb();
    }
  });
  const late = mb();
  return { early, late, peak, growth: (late - early) / early };
};

const fixed = (n: number, digits = 2) => n.toFixed(digits);

const REPORT_FILE = join(__dirname, '..', 'BENCHMARKS.md');
const NOTES_HEADING = '## Where the time goes';

/** The hand-written analysis below the generated figures, kept across runs. */
const existingNotes = () => {
  const text = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, 'utf8') : '';
  const at = text.indexOf(NOTES_HEADING);
  return at === -1 ? '' : text.slice(at);
};

const main = async () => {
  const server = await startServer();
  const providers: ProviderId[] = ['cryptoprocessing', 'alphapo', 'coinspaid', 'cryptocloud'];
  const rows: string[][] = [];
  for (const id of providers) {
    const config =
      id === 'cryptocloud'
        ? { provider: id, apiKey: API_KEY, shopId: SHOP_ID, baseUrl: `${server.url}/cryptocloud` }
        : { provider: id, apiKey: API_KEY, secretKey: SECRET_KEY, baseUrl: `${server.url}/${id}/api/v2` };
    const provider = createProvider(config as ProviderConfig);
    if (E.isLeft(provider)) throw new Error(provider.left.message);
    const ours = adapterCall(provider.right);
    const theirs = handWrittenCall(server.url, id);
    for (let i = 0; i < WARM_UP_CALLS; i += 1) {
      await ours();
      await theirs();
    }
    const latency = await interleavedLatencyMs(ours, theirs, SEQUENTIAL_CALLS);
    const oursRates: number[] = [];
    const theirsRates: number[] = [];
    for (let round = 0; round < THROUGHPUT_ROUNDS; round += 1) {
      oursRates.push(await runConcurrently(ours, CONCURRENT_CALLS));
      theirsRates.push(await runConcurrently(theirs, CONCURRENT_CALLS));
    }
    const [oursLatency, theirsLatency] = [latency.ours, latency.theirs];
    const [oursThroughput, theirsThroughput] = [median(oursRates), median(theirsRates)];
    rows.push([
      id,
      `${fixed(oursLatency.mean, 3)} / ${fixed(theirsLatency.mean, 3)}`,
      fixed(oursLatency.mean / theirsLatency.mean),
      `${fixed(oursLatency.p99, 3)} / ${fixed(theirsLatency.p99, 3)}`,
      `${fixed(oursThroughput, 0)} / ${fixed(theirsThroughput, 0)}`,
      fixed(oursThroughput / theirsThroughput),
    ]);
  }

  const callbackBody = JSON.stringify({
    id: 3101,
    foreign_id: 'order-1001',
    type: 'invoice',
    status: 'confirmed',
    error: '',
    crypto_address: {
      id: 5501,
      currency: 'BTC',
      address: 'tb1q0raamq6ppjpcfy5mzselzqfgcqaff59kt03lzl',
      tag: null,
    },
    currency_sent: { currency: 'BTC', amount: '0.00129400', remaining_amount: '0.00000000' },
    currency_received: { currency: 'EUR', amount: '149.90000000' },
    transactions: [
      {
        id: 9001,
        currency: 'BTC',
        transaction_type: 'blockchain',
        type: 'deposit',
        address: 'tb1q0raamq6ppjpcfy5mzselzqfgcqaff59kt03lzl',
        tag: null,
        amount: '0.00129400',
        txid: '3a1f0e5c9b8d',
        confirmations: '2',
      },
    ],
    fees: [],
    fixed_at: 1775177497,
    expires_at: 1775177557,
  });
  const webhook = {
    headers: {
      'x-processing-key': API_KEY,
      'x-processing-signature': signCallback(callbackBody, SECRET_KEY),
    },
    body: Buffer.from(callbackBody),
  };
  const webhookProvider = createProvider({
    provider: 'cryptoprocessing',
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
  });
  if (E.isLeft(webhookProvider)) throw new Error(webhookProvider.left.message);
  const bench = new Bench({ time: 2000 });
  bench
    .add('parseWebhook (cryptoprocessing)', async () => {
      const result = await webhookProvider.right.parseWebhook(webhook)();
      if (E.isLeft(result)) throw new Error(result.left.message);
    })
    .add('bare HMAC + JSON.parse', () => {
      const expected = Buffer.from(createHmac('sha512', SECRET_KEY).update(webhook.body).digest('hex'));
      const given = Buffer.from(webhook.headers['x-processing-signature']);
      if (!timingSafeEqual(expected, given)) throw new Error('bad signature');
      JSON.parse(webhook.body.toString('utf8'));
    });
  await bench.run();
  const hz = bench.tasks.map((task) => {
    const result = task.result as unknown as { throughput?: { mean: number }; hz?: number };
    return result.throughput?.mean ?? result.hz ?? 0;
  });

  const rssProvider = createProvider({
    provider: 'cryptoprocessing',
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    baseUrl: `${server.url}/cryptoprocessing/api/v2`,
  });
  if (E.isLeft(rssProvider)) throw new Error(rssProvider.left.message);
  const rss = await rssGrowth(adapterCall(rssProvider.right));
  server.stop();
  const ledger = await ledgerBenchSection();

  const latencyTarget = Math.max(...rows.map((r) => Number(r[2])));
  const throughputTarget = Math.min(...rows.map((r) => Number(r[5])));
  const table = [
    '| provider | mean latency ms (invoicekit / hand-written) | latency ratio (target ≤ 1.15) | p99 ms (invoicekit / hand-written) | req/s at 64 concurrent (invoicekit / hand-written) | throughput ratio (target ≥ 0.85) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
  const summary = [
    `| parseWebhook (CoinsPaid family) | ${fixed(hz[0]!, 0)} /s (target ≥ 50,000 /s); bare HMAC + JSON.parse ${fixed(hz[1]!, 0)} /s; ratio ${fixed(hz[0]! / hz[1]!)} |`,
    `| RSS over ${RSS_CALLS.toLocaleString('en')} createInvoice calls | at 10,000: ${fixed(rss.early, 1)} MiB; at 50,000: ${fixed(rss.late, 1)} MiB; peak ${fixed(rss.peak, 1)} MiB; growth ${fixed(rss.growth * 100, 1)}% (target ≤ 10%) |`,
    `| verdict | latency ratio max ${fixed(latencyTarget)} ${latencyTarget <= 1.15 ? 'meets' : 'misses'} ≤ 1.15; throughput ratio min ${fixed(throughputTarget)} ${throughputTarget >= 0.85 ? 'meets' : 'misses'} ≥ 0.85; webhook ${hz[0]! >= 50_000 ? 'meets' : 'misses'} 50,000/s; RSS ${rss.growth <= 0.1 ? 'meets' : 'misses'} ≤ 10% |`,
  ];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${fixed(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`;
  const report = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`pnpm bench\`.`,
    `The provider stub is a minimal keep-alive node:http server in a child process; ${SEQUENTIAL_CALLS} calls timed alternately (invoicekit, hand-written) after ${WARM_UP_CALLS} warm-up calls each; throughput is the median of ${THROUGHPUT_ROUNDS} rounds of ${CONCURRENT_CALLS} calls at ${CONCURRENCY} in flight.`,
    '',
    ...table,
    '',
    '| measure | figures |',
    '| --- | --- |',
    ...summary,
    '',
    ledger,
  ].join('\n');
  console.log(report);
  writeFileSync(REPORT_FILE, `${report}\n${existingNotes()}`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
