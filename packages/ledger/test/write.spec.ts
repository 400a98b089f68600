import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import type { EntryFields } from '../src/feed';
import type { Sql, Statement } from '../src/storage';
import { write, type DeliveryRecord, type Target, type Write } from '../src/write';
import { money } from './support/fakeProvider';

interface Sent {
  readonly statement: Statement;
  readonly params: ReadonlyArray<unknown>;
}

const recording = () => {
  const sent: Sent[] = [];
  const sql: Sql = {
    query: <R>(text: string | Statement, params: ReadonlyArray<unknown> = []) => {
      if (typeof text === 'string') throw new Error('a write is always a prepared statement');
      sent.push({ statement: text, params });
      return TE.right([{ key: '7', xmin: '90', position: '3' }] as unknown as ReadonlyArray<R>);
    },
    exec: () => TE.right(undefined),
  };
  return { sql, sent };
};

const fields: EntryFields = {
  provider: 'cryptocloud',
  invoiceId: 'inv-1',
  orderId: 'order-1',
  from: 'created',
  to: 'paid',
  applied: true,
  flags: ['overpaid'],
  raised: ['overpaid'],
  reason: 'paid',
  cause: 'delivery',
  dedupeKey: 'cryptocloud:inv-1:paid',
  received: money('0.0014', 'BTC'),
  testMode: false,
};

const delivery: DeliveryRecord = {
  provider: 'cryptocloud',
  dedupeKey: 'cryptocloud:inv-1:paid',
  invoiceId: 'inv-1',
  orderId: 'order-1',
  status: 'paid',
  confirmed: true,
  testMode: false,
  event: '{"status":"paid"}',
  outcome: '{"applied":true}',
};

const targets: ReadonlyArray<Target> = [
  { kind: 'update', key: '7', xmin: '88', patch: { status: 'paid', flags: ['overpaid'] } },
  { kind: 'update', key: '7', xmin: null, patch: { last_error: 'gone' }, release: true },
  {
    kind: 'insert',
    provider: 'cryptocloud',
    orderId: 'order-1',
    patch: { invoice_id: 'inv-1', test_mode: true },
  },
  { kind: 'lock', key: '7', xmin: '88' },
  { kind: 'none' },
];

const writes: ReadonlyArray<Write> = targets.flatMap((target) =>
  [null, { fields, action: 'fulfil' as const }].flatMap((entry) =>
    [null, delivery].map((record) => ({ target, entry, delivery: record })),
  ),
);

const placeholders = (text: string): ReadonlyArray<readonly [number, string]> =>
  [...text.matchAll(/\$(\d+)::([a-z]+(?:\[\])?)/g)].map((match) => [Number(match[1]), match[2]!] as const);

const fitsCast = (value: unknown, cast: string): boolean => {
  switch (cast) {
    case 'bigint':
      return typeof value === 'string' && /^\d+$/.test(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'text[]':
      return Array.isArray(value);
    default:
      return value === null || typeof value === 'string';
  }
};

describe('write', () => {
  it.each(writes.map((w) => [w.target.kind, w.entry !== null, w.delivery !== null, w] as const))(
    'numbers each value it sends once, in order, with a cast that fits it (%s, entry %s, delivery %s)',
    async (_kind, _entry, _delivery, change) => {
      const { sql, sent } = recording();
      expect(E.isRight(await write(sql, change)())).toBe(true);
      const [{ statement, params }] = sent as [Sent];
      const numbered = placeholders(statement.text);
      expect(numbered.map(([n]) => n)).toEqual(params.map((_, i) => i + 1));
      for (const [n, cast] of numbered) expect([cast, fitsCast(params[n - 1], cast)]).toEqual([cast, true]);
    },
  );

  it('builds the text of a shape once: the same statement for new values, another for other columns', async () => {
    const { sql, sent } = recording();
    const update = (patch: Extract<Target, { kind: 'update' }>['patch']): Write => ({
      target: { kind: 'update', key: '7', xmin: '88', patch },
      entry: null,
      delivery: null,
    });
    await write(sql, update({ status: 'paid' }))();
    await write(sql, update({ status: 'expired' }))();
    await write(sql, update({ status: 'paid', last_error: null }))();
    const [first, second, third] = sent as [Sent, Sent, Sent];
    expect(second.statement).toBe(first.statement);
    expect([first.params, second.params]).toEqual([
      ['paid', '7', '88'],
      ['expired', '7', '88'],
    ]);
    expect(third.statement).not.toBe(first.statement);
    expect(third.params).toEqual(['paid', null, '7', '88']);
  });
});
