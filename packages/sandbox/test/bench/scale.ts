/**
 * The sandbox at load-test scale, CoinsPaid emulator: creates/s with 10k, 100k (and with
 * `SANDBOX_SCALE_MAX=1000000`, 1M) invoices held, as a ratio of the rate of an empty sandbox measured in
 * alternating windows; heap per invoice against what a minimal emulator keeps (each create's request and
 * answer, parsed, in a Map); heap after 10k and 20k paid invoices, whose deliveries age out of the log.
 * Run with `pnpm exec tsx --expose-gc packages/sandbox/test/bench/scale.ts` (not a test; minutes).
 */
import { startSandbox, type Sandbox } from '../../src';
import { coinspaidRequest, signedPost, startReceiver } from '../helpers';

const MAX = Number(process.env.SANDBOX_SCALE_MAX ?? 100_000);
const SIZES = [10_000, 100_000, 1_000_000].filter((size) => size <= MAX);
const WINDOW = 1_000;
const ROUNDS = 3;
const IN_FLIGHT = 8;
const PAYS = [10_000, 20_000];

const heapMiB = (): number => {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const median = (values: ReadonlyArray<number>): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Creates over the CoinsPaid API of one sandbox, keeping the invoice ids. */
const creator = (sandbox: Sandbox) => {
  const creds = sandbox.credentials.coinspaid;
  const url = `${creds.baseUrl}/invoices/create`;
  const ids: string[] = [];
  let sample: unknown;
  const create = async (): Promise<void> => {
    const res = await signedPost(url, JSON.stringify(coinspaidRequest()), creds);
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    const answer = JSON.parse(res.text) as { data: { id: number } };
    sample ??= answer.data;
    ids.push(String(answer.data.id));
  };
  const until = async (count: number): Promise<void> => {
    const worker = async () => {
      while (ids.length < count) await create();
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  };
  /** Creates/s over `WINDOW` more creates. */
  const rate = async (): Promise<number> => {
    const started = process.hrtime.bigint();
    await until(ids.length + WINDOW);
    return (WINDOW / Number(process.hrtime.bigint() - started)) * 1e9;
  };
  return { ids, until, rate, sample: () => sample };
};

/** Creates/s of a new, empty sandbox. */
const emptyRate = async (): Promise<number> => {
  const sandbox = await startSandbox({ port: 0, log: false });
  try {
    return await creator(sandbox).rate();
  } finally {
    await sandbox.close();
  }
};

const main = async (): Promise<void> => {
  if (global.gc === undefined) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i += 1) await emptyRate();
  const receiver = await startReceiver();
  const sandbox = await startSandbox({ port: 0, webhookUrl: receiver.url, log: false });
  const big = creator(sandbox);
  try {
    const emptyHeap = heapMiB();
    for (const size of SIZES) {
      await big.until(size);
      const ratios: number[] = [];
      const rates: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const held = await big.rate();
        const empty = await emptyRate();
        rates.push(held);
        ratios.push(held / empty);
      }
      process.stdout.write(
        `${size.toLocaleString('en')} held: ${median(rates).toFixed(0)} creates/s, ${median(ratios).toFixed(2)}× an empty sandbox's (${ratios.map((r) => r.toFixed(2)).join(', ')})\n`,
      );
    }
    receiver.received.length = 0;
    const held = big.ids.length;
    const perInvoice = ((heapMiB() - emptyHeap) * 2 ** 20) / held;
    const minimalBase = heapMiB();
    const minimal = new Map<string, unknown>();
    const answerText = JSON.stringify(big.sample());
    for (const id of big.ids) {
      minimal.set(id, {
        request: JSON.parse(JSON.stringify(coinspaidRequest())),
        answer: JSON.parse(answerText),
      });
    }
    const minimalPer = ((heapMiB() - minimalBase) * 2 ** 20) / held;
    process.stdout.write(
      `heap per invoice: ${perInvoice.toFixed(0)} B; a minimal emulator's ${minimalPer.toFixed(0)} B (${(perInvoice / minimalPer).toFixed(2)}×; ${minimal.size.toLocaleString('en')} records)\n`,
    );
    minimal.clear();
    let paid = 0;
    for (const target of PAYS) {
      for (; paid < target; paid += 1) {
        await sandbox.pay('coinspaid', big.ids[paid]!, 'full');
        receiver.received.length = 0;
      }
      process.stdout.write(`heap after ${target.toLocaleString('en')} pays: ${heapMiB().toFixed(1)} MiB\n`);
    }
  } finally {
    await sandbox.close();
    await receiver.close();
  }
};

void main();
