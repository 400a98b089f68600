/**
 * Creates/s of the CoinsPaid emulator with 10k and 100k invoices held: fills the store over the API,
 * times a window of creates at each size and prints the rate and the ratio. Run:
 * `pnpm exec tsx packages/sandbox/test/bench/creates.ts` (not a test; takes a minute or two).
 */
import { startSandbox } from '../../src';
import { coinspaidRequest, signedPost } from '../helpers';

const SIZES = [10_000, 100_000];
const WINDOW = 2_000;
const IN_FLIGHT = 8;

const main = async (): Promise<void> => {
  const sandbox = await startSandbox({ port: 0 });
  const creds = sandbox.credentials.coinspaid;
  const url = `${creds.baseUrl}/invoices/create`;
  let held = 0;
  const create = async (): Promise<void> => {
    const res = await signedPost(url, JSON.stringify(coinspaidRequest()), creds);
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    held += 1;
  };
  const createUntil = async (count: number): Promise<void> => {
    const worker = async () => {
      while (held < count) await create();
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  };
  try {
    const rates: number[] = [];
    for (const size of SIZES) {
      await createUntil(size);
      const started = process.hrtime.bigint();
      await createUntil(size + WINDOW);
      const rate = (WINDOW / Number(process.hrtime.bigint() - started)) * 1e9;
      rates.push(rate);
      process.stdout.write(`${size} held: ${rate.toFixed(0)} creates/s\n`);
    }
    process.stdout.write(`ratio ${SIZES[1]} / ${SIZES[0]}: ${(rates[1]! / rates[0]!).toFixed(2)}\n`);
  } finally {
    await sandbox.close();
  }
};

void main();
