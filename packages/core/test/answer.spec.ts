import * as t from 'io-ts';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import {
  checkResponse,
  decodeAnswer,
  rejected,
  WireDecimalString,
  type Exchange,
  type HttpResponse,
} from '../src/adapter';

const response = (status: number, body: string): HttpResponse => ({ status, headers: {}, body });
const exchange = (status: number, body: string): Exchange<{ order: string }> => ({
  request: { wire: { order: 'o-1' }, body: '{"order":"o-1"}' },
  response: response(status, body),
});

describe('checkResponse', () => {
  const errorFromResponse = ({ request, response: { status } }: Exchange<{ order: string }>) =>
    status === 200 ? null : rejected('acme', status, null, { order: request.wire.order });

  it('passes an answer the error function calls a success on, unread', () => {
    expect(expectRight(checkResponse(errorFromResponse)(exchange(200, 'not even JSON')))).toEqual(
      response(200, 'not even JSON'),
    );
  });

  it('fails with the error the error function names, which may read the request', () => {
    const error = expectLeftTag(checkResponse(errorFromResponse)(exchange(422, '{}')), 'Rejected');
    expect(error).toMatchObject({ status: 422, fields: { order: 'o-1' } });
  });
});

describe('decodeAnswer', () => {
  const Wire = t.type({ data: t.type({ amount: WireDecimalString }) });

  it('parses losslessly and decodes with the wire codec', () => {
    expect(
      expectRight(decodeAnswer('acme', Wire)(response(200, '{"data":{"amount":"100.50000000"}}'))),
    ).toEqual({
      data: { amount: '100.5' },
    });
  });

  it('answers a body that is not JSON with an UnexpectedResponse and an excerpt', () => {
    const error = expectLeftTag(decodeAnswer('acme', Wire)(response(200, '<html>')), 'UnexpectedResponse');
    expect(error).toMatchObject({ status: 200, bodyExcerpt: '<html>' });
    expect(error.issues[0]?.message).toMatch(/not JSON/);
  });

  it('answers a shape mismatch with an UnexpectedResponse naming the path', () => {
    const error = expectLeftTag(
      decodeAnswer('acme', Wire)(response(201, '{"data":{"amount":1.5}}')),
      'UnexpectedResponse',
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['data.amount']);
  });
});
