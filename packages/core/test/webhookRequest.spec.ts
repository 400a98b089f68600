import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { readWebhookRequest } from '../src/adapter';

const read = readWebhookRequest('acme');

describe('readWebhookRequest', () => {
  it('reads a string body as its UTF-8 bytes and its text', () => {
    const received = expectRight(read({ headers: {}, body: '{"amount":"0.10","name":"Müller"}' }));
    expect(received.text).toBe('{"amount":"0.10","name":"Müller"}');
    expect(received.bytes.equals(Buffer.from('{"amount":"0.10","name":"Müller"}', 'utf8'))).toBe(true);
  });

  it('keeps a Buffer body byte for byte', () => {
    const bytes = Buffer.from([0x7b, 0x7d, 0xff]);
    const received = expectRight(read({ headers: {}, body: bytes }));
    expect(received.bytes.equals(bytes)).toBe(true);
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
