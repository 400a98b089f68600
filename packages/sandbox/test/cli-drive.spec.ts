import { main, runCli, type Sandbox } from '../src';
import { createConsole, wantsColour } from '../src/console';
import { readOverride, applyOverrides } from '../src/overrides';
import { readDuration } from '../src/client';
import * as E from 'fp-ts/Either';
import { LosslessNumber } from 'lossless-json';
import { startReceiver, type Receiver } from './helpers';

/** Waits (up to 2 s) for a console line matching `pattern`: the server logs a call once its answer is sent. */
const logged = async (lines: ReadonlyArray<string>, pattern: RegExp): Promise<string | undefined> => {
  for (let waited = 0; waited < 2000; waited += 10) {
    const line = lines.find((l) => pattern.test(l));
    if (line !== undefined) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
};

/** Runs `main` and returns what it printed, or the error it failed with. */
const run = async (args: ReadonlyArray<string>) => {
  const out: string[] = [];
  const result = await main(args, (t) => out.push(t)).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  return { out: out.join('\n'), error: result };
};

describe('invoicekit-sandbox driving a running sandbox', () => {
  let receiver: Receiver;
  let sandbox: Sandbox;
  const printed: string[] = [];
  const reported: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await runCli(
      ['--port', '0', '--webhook-url', `${receiver.url}/hook`, '--env', 'cryptomus'],
      (t) => printed.push(t),
      (t) => reported.push(t),
    );
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('keeps stdout a clean env file with --env, saying on stderr that it listens, and logs there', async () => {
    expect(printed.every((line) => /^INVOICEKIT_[A-Z_]+=/.test(line))).toBe(true);
    expect(reported).toContain(`invoicekit sandbox listening on ${sandbox.url}`);
    await run(['trigger', 'cryptomus', 'paid', '--sandbox', sandbox.url]);
    expect(printed.every((line) => /^INVOICEKIT_[A-Z_]+=/.test(line))).toBe(true);
    expect(reported).toContainEqual(expect.stringMatching(/^cryptomus\s+<-- paid dlv_\d+ POST \S+ \[200\]/));
  });

  it('lists every provider’s events with trigger --list', async () => {
    const { out } = await run(['trigger', '--list', '--sandbox', sandbox.url]);
    expect(out).toContain(`cryptoprocessing: ${sandbox.events.cryptoprocessing.join(', ')}`);
    expect(out).toContain(`btcpay: ${sandbox.events.btcpay.join(', ')}`);
  });

  it('triggers an event with --set overrides applied before signing, and resends it', async () => {
    const from = receiver.received.length;
    const { out } = await run([
      'trigger',
      'cryptoprocessing',
      'confirmed',
      '--set',
      'foreign_id=order-from-cli',
      '--set',
      'crypto_address.id=77',
      '--sandbox',
      sandbox.url,
    ]);
    expect(out).toMatch(/^dlv_\d+ cryptoprocessing confirmed -> \S+\/hook: 200$/);
    const body = JSON.parse(receiver.received[from]!.body.toString('utf8')) as Record<string, unknown>;
    expect(body).toMatchObject({
      foreign_id: 'order-from-cli',
      crypto_address: { id: 77 },
      status: 'confirmed',
    });
    const id = out.split(' ')[0]!;
    const resent = await run(['resend', id, '--sandbox', sandbox.url]);
    expect(resent.out).toMatch(/^dlv_\d+ cryptoprocessing confirmed -> \S+: 200$/);
    expect(receiver.received.at(-1)!.body.equals(receiver.received[from]!.body)).toBe(true);
  });

  it('triggers on a given invoice with --invoice, and refuses an unknown one', async () => {
    const { error } = await run([
      'trigger',
      'btcpay',
      'InvoiceSettled',
      '--invoice',
      'nope',
      '--sandbox',
      sandbox.url,
    ]);
    expect(error?.message).toContain('404 no btcpay invoice nope');
  });

  it('advances the clock by a duration', async () => {
    const before = sandbox.now().getTime();
    const { out } = await run(['advance', '2h', '--sandbox', sandbox.url]);
    const now = Date.parse(out.replace('sandbox clock now ', ''));
    expect(now - before).toBeGreaterThanOrEqual(7_200_000);
  });

  it('says which sandbox did not answer', async () => {
    const closed = await startReceiver();
    await closed.close();
    const { error } = await run(['advance', '1m', '--sandbox', closed.url]);
    expect(error?.message).toBe(
      `no sandbox answers at ${closed.url} (ECONNREFUSED); start one with invoicekit-sandbox, or pass --sandbox <url>`,
    );
  });
});

describe('the CLI banner and console', () => {
  it('names the package and the bin, never a monorepo path, and --quiet silences the console', async () => {
    const lines: string[] = [];
    const sandbox = await runCli(['--port', '0', '--quiet'], (t) => lines.push(t));
    try {
      const banner = lines.join('\n');
      expect(banner).not.toContain('packages/');
      expect(banner).toContain('@invoicekit/sandbox');
      expect(banner).toContain('invoicekit-sandbox trigger');
      await fetch(`${sandbox.credentials.cryptocloud.baseUrl}/v2/invoice/create`, { method: 'POST' });
      expect(await logged(lines, /-->/)).toBeUndefined();
      expect(lines.join('\n')).toBe(banner);
    } finally {
      await sandbox.close();
    }
  });

  it('prints API calls on stdout by default', async () => {
    const lines: string[] = [];
    const sandbox = await runCli(['--port', '0'], (t) => lines.push(t));
    try {
      await fetch(`${sandbox.credentials.cryptocloud.baseUrl}/v2/invoice/create`, { method: 'POST' });
      const pattern = /^cryptocloud\s+--> POST \/cryptocloud\/v2\/invoice\/create \[401\] \d+ ms$/;
      expect(await logged(lines, pattern)).toMatch(pattern);
    } finally {
      await sandbox.close();
    }
  });

  it('colours only a terminal, and never under NO_COLOR', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    const lines: string[] = [];
    const call = { provider: 'btcpay', method: 'GET', path: '/btcpay/x', status: 404, ms: 3 };
    createConsole((l) => lines.push(l), true).request(call);
    createConsole((l) => lines.push(l), false).request(call);
    expect(lines[0]).toContain('\u001b[33m[404]\u001b[0m');
    expect(lines[1]).toBe('btcpay           --> GET /btcpay/x [404] 3 ms');
  });
});

describe('trigger overrides and durations', () => {
  it('reads a value in the type of the field it replaces', () => {
    const body = { a: '1.0', n: 5, big: new LosslessNumber('1'), flag: false, list: [{ x: 1 }], gone: null };
    const set = applyOverrides(body, {
      a: '2.5',
      n: '7',
      big: '0.00000001',
      flag: 'true',
      'list.0.x': '9',
      gone: '{"k":1}',
      'new.deep': 'text',
    });
    expect(set).toEqual(
      E.right({
        a: '2.5',
        n: 7,
        big: new LosslessNumber('0.00000001'),
        flag: true,
        list: [{ x: 9 }],
        gone: { k: 1 },
        new: { deep: 'text' },
      }),
    );
  });

  it('explains an override it cannot apply', () => {
    expect(applyOverrides({ n: 5 }, { n: 'five' })).toEqual(E.left('"five" is not a number'));
    expect(applyOverrides({ s: 'x' }, { 's.t': '1' })).toEqual(
      E.left('s.t: t is inside a value that is not an object'),
    );
    expect(applyOverrides({}, { '__proto__.polluted': '1' })).toEqual(
      E.left('__proto__.polluted: __proto__ may not be set'),
    );
    expect(readOverride('status')).toEqual(
      E.left('--set "status": write path=value, e.g. --set status=paid'),
    );
    expect(readOverride('a.b=c=d')).toEqual(E.right(['a.b', 'c=d']));
  });

  it('reads durations with units', () => {
    expect([readDuration('90000'), readDuration('90s'), readDuration('15m'), readDuration('2h')]).toEqual([
      E.right(90_000),
      E.right(90_000),
      E.right(900_000),
      E.right(7_200_000),
    ]);
    expect(E.isLeft(readDuration('soon'))).toBe(true);
  });
});
