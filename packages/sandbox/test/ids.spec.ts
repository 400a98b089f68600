import { createIdSequence } from '../src/ids';
import { createCoinspaidInvoice, createCryptocloudInvoice, withSandbox } from './helpers';

describe('invoice ids', () => {
  it('start at the current time in milliseconds and only ever grow, even when the clock stands still', () => {
    let now = 1_700_000_000_000;
    const next = createIdSequence(() => now);
    expect([next(), next(), next()]).toEqual([now, now + 1, now + 2]);
    now += 10;
    expect(next()).toBe(now);
    now -= 100;
    expect(next()).toBe(now + 101);
  });

  it('never repeat between sandboxes of one process, however fast each issues them', () => {
    const live = createIdSequence();
    const test = createIdSequence();
    const issued = Array.from({ length: 1000 }, () => [live(), test()]).flat();
    expect(new Set(issued).size).toBe(issued.length);
  });

  it('never repeat across a restart, so no dedupeKey of an earlier run comes back', async () => {
    const run = () =>
      withSandbox({}, async (sandbox) => ({
        coinspaid: Number((await createCoinspaidInvoice(sandbox, 'cryptoprocessing'))['id']),
        cryptocloud: String((await createCryptocloudInvoice(sandbox))['uuid']),
      }));
    const first = await run();
    const second = await run();
    expect(second.coinspaid).toBeGreaterThan(first.coinspaid);
    expect(first.coinspaid).toBeGreaterThanOrEqual(Date.now() - 60_000);
    expect(second.cryptocloud).not.toBe(first.cryptocloud);
    expect(second.cryptocloud).toMatch(/^INV-[0-9A-Z]{8}$/);
    expect(parseInt(second.cryptocloud.slice(4), 36)).toBeGreaterThan(
      parseInt(first.cryptocloud.slice(4), 36),
    );
  });
});
