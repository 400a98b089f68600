/**
 * The sandbox at load-test scale, CoinsPaid emulator. The held sandbox is filled to 10k, 100k (and with
 * `SANDBOX_SCALE_MAX=1000000`, 1M) invoices through its own server without a socket (`injectCreates`:
 * the route, validation and engine an HTTP create takes); at each size, creates/s over HTTP (8 in
 * flight) and pays/s (each pay delivering its callbacks to a receiver) as ratios of an empty sandbox's,
 * measured in alternating windows; heap per invoice against what a minimal emulator keeps (each create's
 * request and answer, parsed, in a Map); heap after N and 2N paid invoices with the delivery log at its
 * limit. Run with `pnpm bench:sandbox` (not a test; minutes, about ten more at 1M).
 */
import type { FastifyInstance } from 'fastify';
import { DEFAULT_DELIVERY_LOG_LIMIT, type Sandbox } from '../../src';
import { launchSandbox } from '../../src/sandbox';
import { coinspaidRequest, signedPost, startReceiver, type Receiver } from '../helpers';
import { injectCreates } from './fill';

const MAX = Number(process.env.SANDBOX_SCALE_MAX ?? 100_000);
const SIZES = [10_000, 100_000, 1_000_000].filter((size) => size <= MAX);
const CREATE_WINDOW = 1_000;
const PAY_WINDOW = 200;
const ROUNDS = 5;
const IN_FLIGHT = 8;
const MINIMAL_RECORDS = 100_000;
const PAID = 20_000;

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

/** Heap in use after collecting twice around pending finalizers (fetch registers some per request). */
const heapBytes = async (): Promise<number> => {
  global.gc?.();
  await settle();
  global.gc?.();
  await settle();
  global.gc?.();
  return process.memoryUsage().heapUsed;
};

const MiB = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const sorted = (values: ReadonlyArray<number>): number[] => [...values].sort((a, b) => a - b);
const median = (values: ReadonlyArray<number>): number => sorted(values)[Math.floor(values.length / 2)]!;
const range = (values: ReadonlyArray<number>): string =>
  `${sorted(values)
    .map((v) => v.toFixed(2))
    .join(', ')}`;

/**
 * `count` ÷ the seconds `run` takes, timed after a full collection: held and empty windows share one
 * process and its heap, so a major collection of the garbage earlier windows left (the HTTP client's and
 * server's) would otherwise land in whichever window comes next.
 */
const perSecond = async (count: number, run: () => Promise<void>): Promise<number> => {
  global.gc?.();
  const started = process.hrtime.bigint();
  await run();
  return (count / Number(process.hrtime.bigint() - started)) * 1e9;
};

/** One sandbox with the ids of its invoices (kept off the heap) and the next one not yet paid. */
interface Bench {
  readonly sandbox: Sandbox;
  readonly server: FastifyInstance;
  readonly receiver: Receiver;
  ids: Float64Array;
  count: number;
  paid: number;
}

const keepId =
  (bench: Bench) =>
  (id: number): void => {
    if (bench.count === bench.ids.length) {
      const grown = new Float64Array(bench.ids.length * 2);
      grown.set(bench.ids);
      bench.ids = grown;
    }
    bench.ids[bench.count] = id;
    bench.count += 1;
  };

const open = async (): Promise<Bench> => {
  const receiver = await startReceiver();
  const { sandbox, server } = await launchSandbox({ port: 0, webhookUrl: receiver.url, log: false });
  return { sandbox, server, receiver, ids: new Float64Array(1024), count: 0, paid: 0 };
};

const shut = async (bench: Bench): Promise<void> => {
  await bench.sandbox.close();
  await bench.receiver.close();
};

/** Creates/s over HTTP, `IN_FLIGHT` at a time, for `CREATE_WINDOW` creates. */
const httpRate = (bench: Bench): Promise<number> => {
  const creds = bench.sandbox.credentials.coinspaid;
  const url = `${creds.baseUrl}/invoices/create`;
  const keep = keepId(bench);
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < CREATE_WINDOW) {
      started += 1;
      const res = await signedPost(url, JSON.stringify(coinspaidRequest()), creds);
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
      keep((JSON.parse(res.text) as { data: { id: number } }).data.id);
    }
  };
  return perSecond(CREATE_WINDOW, () =>
    Promise.all(Array.from({ length: IN_FLIGHT }, worker)).then(() => {}),
  );
};

/** Pays `count` more invoices in full, one after another, each once its callbacks were delivered. */
const payNext = async (bench: Bench, count: number): Promise<void> => {
  const until = bench.paid + count;
  if (until > bench.count)
    await injectCreates(
      bench.server,
      bench.sandbox.credentials.coinspaid,
      until - bench.count,
      keepId(bench),
    );
  for (; bench.paid < until; bench.paid += 1) {
    await bench.sandbox.pay('coinspaid', String(bench.ids[bench.paid]), 'full');
    bench.receiver.received.length = 0;
  }
};

const withEmpty = async <A>(run: (bench: Bench) => Promise<A>): Promise<A> => {
  const bench = await open();
  try {
    return await run(bench);
  } finally {
    await shut(bench);
  }
};

/** Median and range of held ÷ empty over `ROUNDS` alternating windows. */
const ratios = async (
  held: () => Promise<number>,
  empty: () => Promise<number>,
): Promise<{ readonly rate: number; readonly ratio: number; readonly range: string }> => {
  const rates: number[] = [];
  const found: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const rate = await held();
    rates.push(rate);
    found.push(rate / (await empty()));
  }
  return { rate: median(rates), ratio: median(found), range: range(found) };
};

const out = (line: string): void => void process.stdout.write(`${line}\n`);

const scale = async (big: Bench): Promise<void> => {
  for (const size of SIZES) {
    const started = Date.now();
    await injectCreates(big.server, big.sandbox.credentials.coinspaid, size - big.count, keepId(big));
    const fillMs = Date.now() - started;
    const collecting = process.hrtime.bigint();
    global.gc?.();
    const gcMs = Number(process.hrtime.bigint() - collecting) / 1e6;
    const creates = await ratios(
      () => httpRate(big),
      () => withEmpty(httpRate),
    );
    const pays = await ratios(
      () => perSecond(PAY_WINDOW, () => payNext(big, PAY_WINDOW)),
      () =>
        withEmpty(async (empty) => {
          await injectCreates(empty.server, empty.sandbox.credentials.coinspaid, PAY_WINDOW, keepId(empty));
          return perSecond(PAY_WINDOW, () => payNext(empty, PAY_WINDOW));
        }),
    );
    out(
      `${size.toLocaleString('en')} held (filled in ${(fillMs / 1000).toFixed(0)} s; a full collection ${gcMs.toFixed(0)} ms): ` +
        `creates ${creates.rate.toFixed(0)}/s, ${creates.ratio.toFixed(2)}× empty (${creates.range}); ` +
        `pays ${pays.rate.toFixed(0)}/s, ${pays.ratio.toFixed(2)}× empty (${pays.range})`,
    );
  }
};

const memory = async (): Promise<void> => {
  const emptyHeap = await heapBytes();
  const bench = await open();
  try {
    const size = Math.min(MAX, MINIMAL_RECORDS);
    const keep = keepId(bench);
    await injectCreates(bench.server, bench.sandbox.credentials.coinspaid, 1, keep);
    const creds = bench.sandbox.credentials.coinspaid;
    const sample = await signedPost(
      `${creds.baseUrl}/invoices/create`,
      JSON.stringify(coinspaidRequest()),
      creds,
    );
    const answerText = JSON.stringify((JSON.parse(sample.text) as { data: unknown }).data);
    const before = await heapBytes();
    await injectCreates(bench.server, creds, size, keep);
    const perInvoice = ((await heapBytes()) - before) / size;
    const minimalBefore = await heapBytes();
    const minimal = new Map<string, unknown>();
    for (let i = 0; i < size; i += 1)
      minimal.set(String(bench.ids[i + 1]), {
        request: JSON.parse(JSON.stringify(coinspaidRequest())),
        answer: JSON.parse(answerText),
      });
    const minimalPer = ((await heapBytes()) - minimalBefore) / minimal.size;
    out(
      `heap per invoice (${size.toLocaleString('en')} invoices): ${perInvoice.toFixed(0)} B; ` +
        `a minimal emulator's ${minimalPer.toFixed(0)} B (${(perInvoice / minimalPer).toFixed(2)}×); ` +
        `empty process ${MiB(emptyHeap)}`,
    );
    minimal.clear();
    await injectCreates(bench.server, creds, Math.max(0, 2 * PAID + 1 - bench.count), keep);
    const heaps: number[] = [];
    for (const target of [PAID, 2 * PAID]) {
      await payNext(bench, target - bench.paid);
      heaps.push(await heapBytes());
    }
    out(
      `heap after ${PAID.toLocaleString('en')} / ${(2 * PAID).toLocaleString('en')} paid invoices ` +
        `(delivery log at its limit, ${bench.sandbox.deliveries().length.toLocaleString('en')} of ${DEFAULT_DELIVERY_LOG_LIMIT.toLocaleString('en')} attempts): ` +
        `${MiB(heaps[0]!)} / ${MiB(heaps[1]!)}, ${((heaps[1]! - heaps[0]!) / PAID).toFixed(0)} B per paid invoice`,
    );
  } finally {
    await shut(bench);
  }
};

const main = async (): Promise<void> => {
  if (global.gc === undefined) throw new Error('run with --expose-gc');
  const started = Date.now();
  for (let i = 0; i < 3; i += 1) await withEmpty(httpRate);
  await memory();
  const big = await open();
  try {
    await scale(big);
  } finally {
    await shut(big);
  }
  out(`took ${((Date.now() - started) / 1000).toFixed(0)} s`);
};

void main();
