import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { readWebhookRequest } from '../src/adapter';

const read = readWebhookRequest('acme');

const revoked = (): object => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};

const throwingArray = (): unknown[] =>
  new Proxy(['a'], {
    get: (target, key, receiver) => {
      if (key === '0') throw new Error('boom');
      return Reflect.get(target, key, receiver) as unknown;
    },
  });

describe('readWebhookRequest', () => {
  it('reads a string body as its UTF-8 bytes and its text', () => {
    const received = expectRight(read({ headers: {}, body: '{"amount":"0.10","name":"Müller"}' }));
    expect(received.text).toBe('{"amount":"0.10","name":"Müller"}');
    expect(received.bytes).toEqual(new TextEncoder().encode('{"amount":"0.10","name":"Müller"}'));
  });

  it('reads a Uint8Array body and keeps a leading byte-order mark in the text, as a Buffer body reads', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0xc3]);
    const received = expectRight(read({ headers: {}, body: bytes }));
    expect(received.bytes).toEqual(bytes);
    expect(received.text).toBe('\ufeff{}\ufffd');
    expect(received.text).toBe(Buffer.from(bytes).toString('utf8'));
  });

  it('keeps a Buffer body byte for byte', () => {
    const bytes = Buffer.from([0x7b, 0x7d, 0xff]);
    const received = expectRight(read({ headers: {}, body: bytes }));
    expect(Buffer.from(received.bytes).equals(bytes)).toBe(true);
    expect(received.text).toBe(bytes.toString('utf8'));
  });

  it('names headers in lower case, joins repeats, drops non-text values and keeps the first spelling', () => {
    const received = expectRight(
      read({
        headers: {
          'X-Key': 'first',
          'x-key': 'second',
          'Set-Thing': ['a', 'b'],
          'X-Odd': [1, 2],
          'X-None': undefined,
        },
        body: '',
      }),
    );
    expect(received.headers).toEqual({ 'x-key': 'first', 'set-thing': 'a, b' });
  });

  it('keeps a header named __proto__ as an ordinary header, never a prototype', () => {
    const headers = { ...(JSON.parse('{"__proto__":"x"}') as object), 'X-Key': 'k' };
    const received = expectRight(read({ headers, body: '' }));
    expect(Object.getPrototypeOf(received.headers)).toBe(Object.prototype);
    expect(Object.entries(received.headers)).toEqual([
      ['__proto__', 'x'],
      ['x-key', 'k'],
    ]);
  });

  it.each([undefined, null, 'text', 5])('reads headers %j as none', (headers) => {
    expect(expectRight(read({ headers, body: '{}' })).headers).toEqual({});
  });

  it.each([
    ['a parsed body', { headers: {}, body: { amount: 1 } }, /raw request body/],
    ['no body', { headers: {} }, /raw request body/],
    ['no request', undefined, /expected \{ headers, body \}/],
    ['a string request', '{}', /expected \{ headers, body \}/],
  ])('refuses %s with SignatureInvalid', (_label, request, message) => {
    expect(expectLeftTag(read(request), 'SignatureInvalid').message).toMatch(message);
  });

  it('reads the request, each header, each item of a repeated header and the body exactly once', () => {
    const reads = new Map<string, number>();
    const counted = <T extends object>(name: string, target: T): T =>
      new Proxy(target, {
        get: (object, key, receiver) => {
          if (typeof key === 'string') reads.set(`${name}.${key}`, (reads.get(`${name}.${key}`) ?? 0) + 1);
          return Reflect.get(object, key, receiver) as unknown;
        },
      });
    const request = counted('request', {
      headers: counted('headers', { 'X-Key': 'k', 'X-Many': counted('many', ['a', 'b']) }),
      body: Buffer.from('{"a":1}'),
    });
    const received = expectRight(read(request));
    expect(received.headers).toEqual({ 'x-key': 'k', 'x-many': 'a, b' });
    expect(received.text).toBe('{"a":1}');
    expect([...reads].filter(([, count]) => count !== 1)).toEqual([]);
    expect([...reads.keys()]).toEqual(
      expect.arrayContaining([
        'request.headers',
        'request.body',
        'headers.X-Key',
        'headers.X-Many',
        'many.0',
        'many.1',
      ]),
    );
  });

  it('leaves out a repeated header longer than any real one without walking it', () => {
    const endless = new Proxy([] as string[], {
      get: (target, key, receiver) =>
        key === 'length' ? 2 ** 32 - 1 : (Reflect.get(target, key, receiver) as unknown),
    });
    const received = expectRight(read({ headers: { 'X-Endless': endless, 'X-Key': 'k' }, body: '{}' }));
    expect(received.headers).toEqual({ 'x-key': 'k' });
  });

  it('copies a byte body, so changing the caller buffer later changes nothing read', () => {
    const bytes = Buffer.from('{"amount":"1.00"}');
    const received = expectRight(read({ headers: {}, body: bytes }));
    bytes.fill(0x20);
    expect(Buffer.from(received.bytes).toString('utf8')).toBe('{"amount":"1.00"}');
    expect(received.text).toBe('{"amount":"1.00"}');
  });

  it.each([
    ['revoked headers', () => ({ headers: revoked(), body: '{}' })],
    ['a revoked request', () => revoked()],
    ['a repeated header whose items throw', () => ({ headers: { 'X-Many': throwingArray() }, body: '{}' })],
  ])('answers %s with SignatureInvalid, never a throw', (_label, make) => {
    expect(expectLeftTag(read(make()), 'SignatureInvalid').message).toMatch(/could not be read|expected/);
  });

  it('answers a request whose getter throws with SignatureInvalid, never a throw', () => {
    const request = Object.defineProperty({ headers: {} }, 'body', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(() => read(request)).not.toThrow();
    expect(expectLeftTag(read(request), 'SignatureInvalid').provider).toBe('acme');
  });
});
