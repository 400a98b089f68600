import { fork, spawnSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import * as E from 'fp-ts/Either';
import type * as Gateway from '@invoicekit/gateway';
import type { InvoiceProvider, ProviderConfig, ProviderId } from '@invoicekit/gateway';
import { runtimeBinaries, versionOf } from '../runtimes/install.mjs';
import { confirmedCallbackBody as callbackBody, exampleOrder } from './order';

const ROOT = join(__dirname, '..');
const REPORT_FILE = join(ROOT, 'BENCHMARKS.md');
const NOTES_HEADING = '## Where the time goes';

const SEQUENTIAL_CALLS = 3_000;
const WARM_UP_CALLS = 1_000;
const CONCURRENCY = 64;
const THROUGHPUT_ROUNDS = 7;
const THROUGHPUT_CALLS = 3_000;
const WEBHOOK_ROUNDS = 200;
const WEBHOOK_BATCH = 300;
const FORGED_ROUNDS = 100;
const FORGED_BATCH = 300;
const IMPORT_ROUNDS = 21;
const COLD_START_ROUNDS = 11;
const MEMORY_CALLS = 50_000;
const MEMORY_EARLY_MARK = 10_000;

const TARGET = {
  latency: 1.15,
  throughput: 0.9,
  webhookRate: 50_000,
  webhookRatio: 0.45,
  forgedCpuRatio: 5,
  importMs: 100,
  importRatio: 1.25,
} as const;

const API_KEY = 'bench-api-key';
const SECRET_KEY = 'bench-secret-key';
const SHOP_ID = 'bench-shop';
const PROVIDERS: ReadonlyArray<ProviderId> = ['cryptoprocessing', 'alphapo', 'coinspaid', 'cryptocloud'];
const SECTIONS = ['import', 'create', 'webhook', 'memory', 'ledger'] as const;
type Section = (typeof SECTIONS)[number];

const order = exampleOrder('bench-order');

type Call = () => Promise<unknown>;

/** `--only create,webhook` runs some sections and leaves BENCHMARKS.md alone; no flag runs all and writes it. */
const selectedSections = (): ReadonlySet<Section> => {
  const at = process.argv.indexOf('--only');
  if (at === -1) return new Set(SECTIONS);
  const names = (process.argv[at + 1] ?? '').split(',');
  const unknown = names.filter((name) => !(SECTIONS as ReadonlyArray<string>).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown sections ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  return new Set(names as Section[]);
};

const PACKAGES = ['core', 'coinspaid', 'cryptocloud', 'gateway'];

const newestIn = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }, 0);

/** Everything below is measured on the built packages, what users run: refuses a missing or stale build. */
const loadBuiltGateway = (): typeof Gateway => {
  const stale = PACKAGES.filter((name) => {
    const built = join(ROOT, 'packages', name, 'dist', '.tsbuildinfo');
    return !existsSync(built) || statSync(built).mtimeMs < newestIn(join(ROOT, 'packages', name, 'src'));
  });
  if (stale.length > 0) {
    throw new Error(
      `the build of ${stale.join(', ')} is missing or older than its source: run pnpm build first`,
    );
  }
  const gateway = createRequire(__filename)(
    join(ROOT, 'packages', 'gateway', 'dist', 'index.js'),
  ) as typeof Gateway;
  const sources = Object.keys(require.cache).filter((path) =>
    /[\\/]packages[\\/][^\\/]+[\\/]src[\\/]/.test(path),
  );
  if (sources.length > 0) {
    throw new Error(
      `the built gateway loaded TypeScript sources (${sources[0]}): run the bench with tsconfig.bench.json, whose paths lead to the builds`,
    );
  }
  return gateway;
};

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

/** The request a merchant would send without invoicekit, as path, headers and body. */
const handWrittenRequest = (provider: ProviderId) => {
  if (provider === 'cryptocloud') {
    return () => {
      const body = JSON.stringify({
        shop_id: SHOP_ID,
        amount: 149.9,
        currency: 'EUR',
        order_id: 'bench-order',
        email: 'buyer@shop.example',
        add_fields: { time_to_pay: { hours: 0, minutes: 15 }, cryptocurrency: 'BTC' },
      });
      return {
        path: '/cryptocloud/v2/invoice/create',
        headers: { Authorization: `Token ${API_KEY}`, 'Content-Type': 'application/json' },
        body,
      };
    };
  }
  return () => {
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
    return {
      path: `/${provider}/api/v2/invoices/create`,
      headers: {
        'X-Processing-Key': API_KEY,
        'X-Processing-Signature': createHmac('sha512', SECRET_KEY).update(body).digest('hex'),
        'Content-Type': 'application/json',
      },
      body,
    };
  };
};

/** What a merchant would write without invoicekit: sign the body with node:crypto, post with axios. */
const axiosCall = (url: string, provider: ProviderId): Call => {
  const client = axios.create({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }) });
  const build = handWrittenRequest(provider);
  return async () => {
    const { path, headers, body } = build();
    const response = await client.post(`${url}${path}`, body, { headers });
    return response.data;
  };
};

/** The floor: the same request through node:http alone, the answer read with `JSON.parse`. */
const bareHttpCall = (url: string, provider: ProviderId): Call => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const build = handWrittenRequest(provider);
  return () =>
    new Promise((resolve, reject) => {
      const { path, headers, body } = build();
      const request = http.request(
        `${url}${path}`,
        { method: 'POST', agent, headers: { ...headers, 'Content-Length': Buffer.byteLength(body) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
};

const mean = (samples: ReadonlyArray<number>) => samples.reduce((sum, s) => sum + s, 0) / samples.length;
const percentile = (samples: ReadonlyArray<number>, p: number) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length * p)]!;
const median = (values: ReadonlyArray<number>) => percentile(values, 0.5);

const now = () => process.hrtime.bigint();
const msSince = (start: bigint) => Number(now() - start) / 1e6;

const timed = async (call: Call) => {
  const start = now();
  await call();
  return msSince(start);
};

/** Times the calls in turn, one of each per step, so JIT warm-up, GC and machine noise fall on all alike. */
const interleavedLatencyMs = async (calls: ReadonlyArray<Call>, steps: number) => {
  const samples = calls.map((): number[] => []);
  for (let i = 0; i < steps; i += 1) {
    for (const [k, call] of calls.entries()) samples[k]!.push(await timed(call));
  }
  return samples.map((s) => ({ mean: mean(s), p99: percentile(s, 0.99) }));
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
  const start = now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return calls / (msSince(start) / 1e3);
};

/** Rounds of `CONCURRENCY` in flight, the callers taking turns; each caller's median rate and the median of per-round ratios to the first. */
const interleavedThroughput = async (calls: ReadonlyArray<Call>) => {
  const rates = calls.map((): number[] => []);
  for (let round = 0; round < THROUGHPUT_ROUNDS; round += 1) {
    for (const [k, call] of calls.entries()) rates[k]!.push(await runConcurrently(call, THROUGHPUT_CALLS));
  }
  const ratio = (k: number) => median(rates[0]!.map((ours, round) => ours / rates[k]![round]!));
  return { rates: rates.map(median), ratioTo: ratio };
};

/** Memory over many calls: heap after a full GC at the early mark and at the end (what a leak grows), and RSS for context. */
const memoryGrowth = async (call: Call) => {
  const mib = (bytes: number) => bytes / 2 ** 20;
  const heapAfterGc = () => {
    global.gc?.();
    return mib(process.memoryUsage().heapUsed);
  };
  let peakRss = mib(process.memoryUsage().rss);
  let early = { heap: 0, rss: 0 };
  await runConcurrently(call, MEMORY_CALLS, (done) => {
    if (done % 1000 === 0) peakRss = Math.max(peakRss, mib(process.memoryUsage().rss));
    if (done === MEMORY_EARLY_MARK) early = { heap: heapAfterGc(), rss: mib(process.memoryUsage().rss) };
  });
  const late = { heap: heapAfterGc(), rss: mib(process.memoryUsage().rss) };
  return { early, late, peakRss, growth: (late.heap - early.heap) / early.heap };
};

/**
 * The same webhook row on Bun and Deno (examples/bench-webhook-runtime.mjs on the built gateway), each
 * runtime installed by runtimes/install.mjs; a runtime that fails stops the bench with its output.
 */
const otherRuntimeWebhookRates = () => {
  const binaries = runtimeBinaries();
  const input = JSON.stringify({
    body: callbackBody,
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    rounds: WEBHOOK_ROUNDS,
    batch: WEBHOOK_BATCH,
  });
  const script = join(__dirname, 'bench-webhook-runtime.mjs');
  const runs = [
    ['Bun', binaries.bun, [script, input]],
    ['Deno', binaries.deno, ['run', '--allow-read', script, input]],
  ] as const;
  return runs.map(([name, binary, args]) => {
    const run = spawnSync(binary, args, {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' },
    });
    if (run.status !== 0) throw new Error(`${name}: ${run.stderr || run.stdout}`);
    const rates = JSON.parse(run.stdout) as { ours: number; bare: number; ratio: number };
    const version = /\d+\.\d+\.\d+/.exec(versionOf(binary))?.[0] ?? '';
    return { name: `${name} ${version}`, ...rates };
  });
};

/** Webhook verification, ours and the bare check in alternating batches; rates per second over all batches. */
const webhookRates = async (gateway: typeof Gateway) => {
  const webhook = {
    headers: {
      'x-processing-key': API_KEY,
      'x-processing-signature': gateway.signCallback(callbackBody, SECRET_KEY),
    },
    body: Buffer.from(callbackBody),
  };
  const provider = gateway.createProvider({
    provider: 'cryptoprocessing',
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
  });
  if (E.isLeft(provider)) throw new Error(provider.left.message);
  const { parseWebhook } = provider.right;
  const bare = () => {
    const expected = Buffer.from(createHmac('sha512', SECRET_KEY).update(webhook.body).digest('hex'));
    const given = Buffer.from(webhook.headers['x-processing-signature']);
    if (!timingSafeEqual(expected, given)) throw new Error('bad signature');
    JSON.parse(webhook.body.toString('utf8'));
  };
  const spent = { ours: 0, bare: 0 };
  const ratios: number[] = [];
  for (let round = -20; round < WEBHOOK_ROUNDS; round += 1) {
    let start = now();
    for (let i = 0; i < WEBHOOK_BATCH; i += 1) {
      const result = await parseWebhook(webhook)();
      if (E.isLeft(result)) throw new Error(result.left.message);
    }
    const ours = msSince(start);
    start = now();
    for (let i = 0; i < WEBHOOK_BATCH; i += 1) bare();
    const theirs = msSince(start);
    if (round >= 0) {
      spent.ours += ours;
      spent.bare += theirs;
      ratios.push(theirs / ours);
    }
  }
  const calls = WEBHOOK_ROUNDS * WEBHOOK_BATCH;
  return { ours: calls / (spent.ours / 1e3), bare: calls / (spent.bare / 1e3), ratio: median(ratios) };
};

const base64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');

/** A CryptoCloud postback of about `bytes` bytes whose token is signed with another key; its padding, a list of amounts, is the costliest text for a lossless parser. */
const forgedPostback = (bytes: number) => {
  const unsigned = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url('{"id":"89UX09KA","exp":4102444800}')}`;
  const token = `${unsigned}.${base64url(createHmac('sha256', 'not-the-project-secret').update(unsigned).digest())}`;
  const head = `{"status":"success","invoice_id":"89UX09KA","amount_crypto":0.000113,"currency":"BNB","order_id":"bench-order","token":"${token}","padding":[`;
  const amounts = Math.max(0, Math.floor((bytes - head.length - 2) / 12));
  return `${head}${Array.from({ length: amounts }, () => '0.123456789').join(',')}]}`;
};

/** CPU per forged CryptoCloud postback (1 MiB, 2 KB) and per native `JSON.parse` of the 2 KB body, in alternating batches; the median of per-batch ratios to the parse. */
const forgedPostbackCpu = async (gateway: typeof Gateway) => {
  const provider = gateway.createProvider({
    provider: 'cryptocloud',
    apiKey: API_KEY,
    shopId: SHOP_ID,
    secretKey: SECRET_KEY,
  });
  if (E.isLeft(provider)) throw new Error(provider.left.message);
  const { parseWebhook } = provider.right;
  const small = forgedPostback(2048);
  const refused = (body: Buffer) => async () => {
    const request = { headers: { 'content-type': 'application/json' }, body };
    for (let i = 0; i < FORGED_BATCH; i += 1) {
      const result = await parseWebhook(request)();
      if (E.isRight(result) || result.left._tag !== 'SignatureInvalid')
        throw new Error('a forged postback was not refused');
    }
  };
  const batches = [
    refused(Buffer.from(forgedPostback(2 ** 20))),
    refused(Buffer.from(small)),
    async () => {
      for (let i = 0; i < FORGED_BATCH; i += 1) JSON.parse(small);
    },
  ];
  const cpuMs = async (batch: () => Promise<void>) => {
    const start = process.cpuUsage();
    await batch();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e3;
  };
  const spent = batches.map(() => 0);
  const ratios = { large: [] as number[], small: [] as number[] };
  for (let round = -10; round < FORGED_ROUNDS; round += 1) {
    const ms: number[] = [];
    for (const batch of batches) ms.push(await cpuMs(batch));
    if (round >= 0) {
      ms.forEach((m, k) => (spent[k]! += m));
      ratios.large.push(ms[0]! / ms[2]!);
      ratios.small.push(ms[1]! / ms[2]!);
    }
  }
  const [large, forged, parse] = spent.map((ms) => (ms * 1e3) / (FORGED_ROUNDS * FORGED_BATCH));
  return {
    large: large!,
    small: forged!,
    parse: parse!,
    ratioLarge: median(ratios.large),
    ratioSmall: median(ratios.small),
  };
};

/** Wall time of fresh `node -e <script>` processes, the scripts in turn; the median per script. */
const processTimesMs = (scripts: ReadonlyArray<string>, rounds: number) => {
  const samples = scripts.map((): number[] => []);
  for (let round = -1; round < rounds; round += 1) {
    for (const [k, script] of scripts.entries()) {
      const start = now();
      const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, stdio: 'inherit' });
      const ms = msSince(start);
      if (result.status !== 0) throw new Error(`node -e ${script} failed`);
      if (round >= 0) samples[k]!.push(ms);
    }
  }
  return samples.map(median);
};

const requireScript = (module: string) => `require(${JSON.stringify(module)})`;

/** A cold start: a fresh process that imports, builds a provider and sends one createInvoice (or the hand-written post). */
const coldStartScripts = (url: string) => {
  const request = handWrittenRequest('cryptoprocessing')();
  const config = {
    provider: 'cryptoprocessing',
    apiKey: API_KEY,
    secretKey: SECRET_KEY,
    baseUrl: `${url}/cryptoprocessing/api/v2`,
  };
  return [
    `const g = require('@invoicekit/gateway');
     g.createProvider(${JSON.stringify(config)}).right.createInvoice(${JSON.stringify(order)})()
       .then((r) => process.exit(r._tag === 'Right' ? 0 : 1));`,
    `const axios = require('axios'); const { createHmac } = require('node:crypto');
     const body = ${JSON.stringify(request.body)};
     const signature = createHmac('sha512', ${JSON.stringify(SECRET_KEY)}).update(body).digest('hex');
     axios.post(${JSON.stringify(`${url}${request.path}`)}, body, { headers: { ...${JSON.stringify(request.headers)}, 'X-Processing-Signature': signature } })
       .then(() => process.exit(0), () => process.exit(1));`,
  ];
};

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const count = (n: number) => Math.round(n).toLocaleString('en');
const meets = (ok: boolean | null) => (ok === null ? '—' : ok ? 'meets' : 'misses');

/** The hand-written analysis below the generated figures, kept across runs. */
const existingNotes = () => {
  const text = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, 'utf8') : '';
  const at = text.indexOf(NOTES_HEADING);
  return at === -1 ? '' : text.slice(at);
};

interface Row {
  readonly measure: string;
  readonly ours: string;
  readonly theirs: string;
  readonly ratio: number;
  readonly target: string;
  /** Whether the target is met; null for a row measured for context, with no target. */
  readonly met: boolean | null;
  readonly floor: string;
}

/**
 * createInvoice latency with hooks off (none given: the transport and provider are not wrapped), with
 * hooks on (every attempt, operation and webhook event built, its bodies redacted) and with hooks and
 * retries on, the three taking turns against the same stub.
 */
const hooksRows = async (gateway: typeof Gateway, config: ProviderConfig): Promise<Row[]> => {
  let seen = 0;
  const hooks: Gateway.ProviderHooks = {
    onRequest: (event) => void (seen += event.requestBody.length + (event.responseBody?.length ?? 0)),
    onOperation: () => void (seen += 1),
  };
  const build = (options: Gateway.ProviderOptions): Call => {
    const provider = gateway.createProvider(config, options);
    if (E.isLeft(provider)) throw new Error(provider.left.message);
    return adapterCall(provider.right);
  };
  const calls = [build({}), build({ hooks }), build({ hooks, retry: { attempts: 3 } })];
  for (let i = 0; i < WARM_UP_CALLS; i += 1) for (const call of calls) await call();
  const [off, on, retrying] = await interleavedLatencyMs(calls, SEQUENTIAL_CALLS);
  if (seen === 0) throw new Error('the hooks saw no event');
  return [
    ['hooks on', on!],
    ['hooks and retries on', retrying!],
  ].map(([label, measured]) => {
    const { mean: ms, p99 } = measured as { mean: number; p99: number };
    return {
      measure: `createInvoice sequential, ${config.provider}, ${String(label)} vs hooks off (mean; p99)`,
      ours: `${fixed(ms * 1e3, 0)} µs; ${fixed(p99 * 1e3, 0)} µs`,
      theirs: `hooks off ${fixed(off!.mean * 1e3, 0)} µs; ${fixed(off!.p99 * 1e3, 0)} µs`,
      ratio: ms / off!.mean,
      target: 'none (context)',
      met: null,
      floor: '',
    };
  });
};

const main = async () => {
  const sections = selectedSections();
  const load = loadavg()[0] ?? 0;
  const gateway = loadBuiltGateway();
  const rows: Row[] = [];

  if (sections.has('import')) {
    const [empty, axiosMs, gatewayMs] = processTimesMs(
      ['0', requireScript('axios'), requireScript('@invoicekit/gateway')],
      IMPORT_ROUNDS,
    );
    const oursMs = gatewayMs! - empty!;
    const axiosOwnMs = axiosMs! - empty!;
    const ratio = oursMs / axiosOwnMs;
    rows.push({
      measure: 'import of `@invoicekit/gateway` (built), ms over an empty process',
      ours: `+${fixed(oursMs, 1)} ms`,
      theirs: `axios alone +${fixed(axiosOwnMs, 1)} ms`,
      ratio,
      target: `≤ +${TARGET.importMs} ms and ≤ ${TARGET.importRatio}`,
      met: oursMs <= TARGET.importMs && ratio <= TARGET.importRatio,
      floor: `empty process ${fixed(empty!, 1)} ms`,
    });
  }

  let stop = () => {};
  let url = '';
  if (sections.has('create') || sections.has('memory')) {
    const server = await startServer();
    stop = server.stop;
    url = server.url;
  }
  const configFor = (id: ProviderId): ProviderConfig =>
    (id === 'cryptocloud'
      ? { provider: id, apiKey: API_KEY, shopId: SHOP_ID, baseUrl: `${url}/cryptocloud` }
      : {
          provider: id,
          apiKey: API_KEY,
          secretKey: SECRET_KEY,
          baseUrl: `${url}/${id}/api/v2`,
        }) as ProviderConfig;
  const providerFor = (id: ProviderId) => {
    const provider = gateway.createProvider(configFor(id));
    if (E.isLeft(provider)) throw new Error(provider.left.message);
    return provider.right;
  };

  if (sections.has('create')) {
    const [oursMs, axiosMs] = processTimesMs(coldStartScripts(url), COLD_START_ROUNDS);
    rows.push({
      measure: 'cold start: fresh process, import and one createInvoice (the hand-written side loads axios)',
      ours: `${fixed(oursMs!, 1)} ms`,
      theirs: `axios + node:crypto ${fixed(axiosMs!, 1)} ms`,
      ratio: oursMs! / axiosMs!,
      target: 'none (context)',
      met: null,
      floor: '',
    });
    for (const id of PROVIDERS) {
      const calls = [adapterCall(providerFor(id)), axiosCall(url, id), bareHttpCall(url, id)];
      for (let i = 0; i < WARM_UP_CALLS; i += 1) for (const call of calls) await call();
      const [ours, theirs, bare] = await interleavedLatencyMs(calls, SEQUENTIAL_CALLS);
      const latencyRatio = ours!.mean / theirs!.mean;
      rows.push({
        measure: `createInvoice sequential, ${id} (mean; p99)`,
        ours: `${fixed(ours!.mean * 1e3, 0)} µs; ${fixed(ours!.p99 * 1e3, 0)} µs`,
        theirs: `${fixed(theirs!.mean * 1e3, 0)} µs; ${fixed(theirs!.p99 * 1e3, 0)} µs`,
        ratio: latencyRatio,
        target: `≤ ${TARGET.latency}`,
        met: latencyRatio <= TARGET.latency,
        floor: `${fixed(bare!.mean * 1e3, 0)} µs; ${fixed(bare!.p99 * 1e3, 0)} µs`,
      });
      const throughput = await interleavedThroughput(calls);
      const throughputRatio = throughput.ratioTo(1);
      rows.push({
        measure: `createInvoice, ${CONCURRENCY} in flight, ${id}`,
        ours: `${count(throughput.rates[0]!)} /s`,
        theirs: `${count(throughput.rates[1]!)} /s`,
        ratio: throughputRatio,
        target: `≥ ${TARGET.throughput}`,
        met: throughputRatio >= TARGET.throughput,
        floor: `${count(throughput.rates[2]!)} /s`,
      });
    }
    rows.push(...(await hooksRows(gateway, configFor('cryptoprocessing'))));
  }

  if (sections.has('webhook')) {
    const rates = await webhookRates(gateway);
    const { ratio } = rates;
    rows.push({
      measure: 'parseWebhook, CoinsPaid confirmed callback (HMAC-SHA512 + decode)',
      ours: `${count(rates.ours)} /s`,
      theirs: `bare HMAC + \`JSON.parse\` ${count(rates.bare)} /s`,
      ratio,
      target: `≥ ${count(TARGET.webhookRate)} /s and ≥ ${TARGET.webhookRatio}`,
      met: rates.ours >= TARGET.webhookRate && ratio >= TARGET.webhookRatio,
      floor: '',
    });
    for (const other of otherRuntimeWebhookRates()) {
      rows.push({
        measure: `parseWebhook, the same callback on ${other.name}`,
        ours: `${count(other.ours)} /s`,
        theirs: `bare HMAC + \`JSON.parse\` ${count(other.bare)} /s`,
        ratio: other.ratio,
        target: 'none (context)',
        met: null,
        floor: '',
      });
    }
    const forged = await forgedPostbackCpu(gateway);
    for (const [size, cpu, cpuRatio] of [
      ['1 MiB', forged.large, forged.ratioLarge],
      ['2 KB', forged.small, forged.ratioSmall],
    ] as const) {
      rows.push({
        measure: `parseWebhook, forged CryptoCloud postback of ${size} (refused), CPU per request`,
        ours: `${fixed(cpu, 1)} µs`,
        theirs: `\`JSON.parse\` of a 2 KB body ${fixed(forged.parse, 1)} µs`,
        ratio: cpuRatio,
        target: `≤ ${TARGET.forgedCpuRatio}`,
        met: cpuRatio <= TARGET.forgedCpuRatio,
        floor: '',
      });
    }
  }

  const extra: string[] = [];
  if (sections.has('memory')) {
    const memory = await memoryGrowth(adapterCall(providerFor('cryptoprocessing')));
    extra.push(
      `${memory.growth <= 0.1 ? '' : 'Missed: '}Memory over ${count(MEMORY_CALLS)} createInvoice calls at ${CONCURRENCY} in flight: heap after a full GC ${fixed(memory.early.heap, 1)} MiB at ${count(MEMORY_EARLY_MARK)} calls and ${fixed(memory.late.heap, 1)} MiB at ${count(MEMORY_CALLS)}, growth ${fixed(memory.growth * 100, 1)}% (${meets(memory.growth <= 0.1)} ≤ 10%); RSS ${fixed(memory.early.rss, 1)} and ${fixed(memory.late.rss, 1)} MiB, peak ${fixed(memory.peakRss, 1)} MiB.`,
    );
  }
  stop();

  const missed = [
    ...rows.filter((row) => row.met === false).map((row) => row.measure.split(' (')[0]),
    ...extra.filter((line) => line.startsWith('Missed: ')).map(() => 'memory growth'),
  ];
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${fixed(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`;
  const report = [
    '# Benchmarks',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`pnpm bench\`, which builds the packages and measures the builds; load average ${fixed(load, 1)} at the start.`,
    `Every ratio comes from one interleaved run: the provider stub is a minimal keep-alive node:http server in a child process; sequential calls take turns (invoicekit, hand-written axios + node:crypto, bare node:http), ${count(SEQUENTIAL_CALLS)} each after ${count(WARM_UP_CALLS)} warm-up calls; throughput is ${THROUGHPUT_ROUNDS} rounds of ${count(THROUGHPUT_CALLS)} calls at ${CONCURRENCY} in flight, the callers taking turns, with the median of per-round ratios; webhooks run in ${WEBHOOK_ROUNDS} alternating batches of ${count(WEBHOOK_BATCH)} after 20 warm-up batches, rates over all batches and the median of per-batch ratios, and the same batches on Bun and Deno in that runtime (\`examples/bench-webhook-runtime.mjs\`, each against its own bare check); forged postbacks run in ${FORGED_ROUNDS} alternating batches of ${count(FORGED_BATCH)} after 10 warm-up batches, process CPU per request over all batches and the median of per-batch ratios; imports are ${IMPORT_ROUNDS} rounds of fresh \`node -e "require(…)"\` processes (empty, axios, gateway in turn) and cold starts ${COLD_START_ROUNDS} rounds, medians.`,
    '',
    '| measure | invoicekit | hand-written | ratio | target | verdict | bare node:http |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.measure} | ${row.ours} | ${row.theirs} | ${fixed(row.ratio)} | ${row.target} | ${meets(row.met)} | ${row.floor} |`,
    ),
    '',
    ...extra.flatMap((line) => [line, '']),
    `Verdict: ${missed.length === 0 ? 'every target met' : `missed: ${missed.join('; ')}`}.`,
    '',
  ];
  console.log(report.join('\n'));
  if (sections.size === SECTIONS.length) {
    const { ledgerBenchSection } = await import('./ledger-bench');
    const ledger = await ledgerBenchSection();
    console.log(ledger);
    writeFileSync(REPORT_FILE, `${[...report, ledger].join('\n')}\n${existingNotes()}`);
  } else if (sections.has('ledger')) {
    const { ledgerBenchSection } = await import('./ledger-bench');
    console.log(await ledgerBenchSection());
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
