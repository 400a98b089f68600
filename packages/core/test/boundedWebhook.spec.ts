import * as E from 'fp-ts/Either';
import { readBoundedWebhook } from '../src/boundedWebhook';

const read = readBoundedWebhook('cryptocloud', 8);

describe('readBoundedWebhook', () => {
  it('reads a body within the limit once, as bytes and text', () => {
    const result = read({ headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(E.isRight(result) && result.right.text).toBe('{"a":1}');
    expect(E.isRight(result) && result.right.headers['content-type']).toBe('application/json');
  });

  it('refuses a string body over the limit in UTF-8 bytes, unverified', () => {
    const result = read({ headers: {}, body: 'ééééé' });
    expect(E.isLeft(result) && result.left._tag).toBe('SignatureInvalid');
    expect(E.isLeft(result) && result.left.message).toContain('8 bytes');
  });

  it('refuses a byte body over the limit', () => {
    const result = read({ headers: {}, body: Buffer.alloc(9) });
    expect(E.isLeft(result) && result.left._tag).toBe('SignatureInvalid');
  });

  it('reads the body of a request once, even through a getter', () => {
    let reads = 0;
    const request = {
      headers: {},
      get body() {
        reads += 1;
        return '{}';
      },
    };
    expect(E.isRight(read(request))).toBe(true);
    expect(reads).toBe(1);
  });

  it('answers a request whose body getter throws as a value, not an exception', () => {
    const request = {
      headers: {},
      get body(): string {
        throw new Error('boom');
      },
    };
    expect(E.isLeft(read(request))).toBe(true);
  });
});
