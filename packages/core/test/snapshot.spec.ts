import * as E from 'fp-ts/Either';
import { expectRight } from '@invoicekit/testkit';
import { secret } from '../src';
import { MAX_INPUT_DEPTH, snapshotInput } from '../src/adapter';

const throwingGetter = (): Record<string, unknown> =>
  Object.defineProperty({ ok: 1 }, 'orderId', {
    enumerable: true,
    get() {
      throw new Error('getter exploded');
    },
  });

const revokedProxy = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

describe('snapshotInput', () => {
  it('copies plain data so later changes to the input do not reach the copy', () => {
    const input = { orderId: 'o-1', customer: { email: 'a@b.example' }, list: ['BTC'] };
    const copy = expectRight(snapshotInput(input)) as typeof input;
    input.customer.email = 'changed@b.example';
    input.list.push('ETH');
    expect(copy).toEqual({ orderId: 'o-1', customer: { email: 'a@b.example' }, list: ['BTC'] });
  });

  it('reads every getter exactly once', () => {
    let reads = 0;
    const input = Object.defineProperty({}, 'orderId', {
      enumerable: true,
      get: () => ((reads += 1) === 1 ? 'first' : 'second'),
    });
    const copy = expectRight(snapshotInput(input)) as { orderId: string };
    expect([copy.orderId, copy.orderId]).toEqual(['first', 'first']);
    expect(reads).toBe(1);
  });

  it('keeps Secrets, copies Dates and byte arrays', () => {
    const key = secret('k');
    const date = new Date('2026-01-01T00:00:00Z');
    const bytes = Buffer.from('body');
    const copy = expectRight(snapshotInput({ key, date, bytes })) as {
      key: unknown;
      date: Date;
      bytes: Uint8Array;
    };
    expect(copy.key).toBe(key);
    expect(copy.date).not.toBe(date);
    expect(copy.date.getTime()).toBe(date.getTime());
    bytes.write('XXXX');
    expect(Buffer.from(copy.bytes).toString()).toBe('body');
  });

  it('keeps a __proto__ key as an ordinary own key, never as the prototype', () => {
    const input = JSON.parse('{"__proto__":{"orderId":{"evil":true}},"amount":"1"}') as object;
    const copy = expectRight(snapshotInput(input)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'amount']);
    expect(copy.orderId).toBeUndefined();
  });

  it.each([
    ['a throwing getter', () => ({ customer: throwingGetter() }), 'customer.orderId'],
    ['a revoked proxy', () => ({ customer: revokedProxy() }), 'customer'],
    ['a revoked proxy at the top', () => revokedProxy(), ''],
    ['a throwing array element', () => ({ list: [1, throwingGetter()] }), 'list.1.orderId'],
  ])('turns %s into an issue at its path', (_label, input, path) => {
    const result = snapshotInput(input());
    expect(E.isLeft(result) && result.left.path).toBe(path);
    expect(E.isLeft(result) && result.left.message).toMatch(/could not be read/);
  });

  it('refuses cycles and nesting deeper than its limit', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(snapshotInput(cycle)).toEqual(E.left({ path: 'self', message: 'refers to itself' }));
    let deep: unknown = 'leaf';
    for (let i = 0; i <= MAX_INPUT_DEPTH + 1; i += 1) deep = [deep];
    const result = snapshotInput(deep);
    expect(E.isLeft(result) && result.left.message).toMatch(/nested more than/);
  });

  it('shares an object referenced twice without calling it a cycle', () => {
    const shared = { a: 1 };
    expect(expectRight(snapshotInput({ x: shared, y: shared }))).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });
});
