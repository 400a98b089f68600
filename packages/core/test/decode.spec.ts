import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import * as t from 'io-ts';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import {
  decodeResponseBody,
  parseResponseBody,
  WireDecimalNumber,
  WireDecimalString,
  WireId,
  type HttpResponse,
} from '../src/adapter';

const WireInvoice = t.type({
  data: t.type({ id: WireId, amount: WireDecimalString, paid: WireDecimalNumber }),
});

const response = (body: string, status = 200): HttpResponse => ({ status, headers: {}, body });
const decodeBody = (res: HttpResponse) =>
  pipe(parseResponseBody('coinspaid', res), E.flatMap(decodeResponseBody(WireInvoice)('coinspaid', res)));

describe('parseResponseBody', () => {
  it('parses a body losslessly', () => {
    const parsed = expectRight(parseResponseBody('coinspaid', response('{"amount":0.034187}'))) as {
      amount: { value: string };
    };
    expect(parsed.amount.value).toBe('0.034187');
  });

  it('maps bad JSON to UnexpectedResponse with the status and an excerpt', () => {
    const error = expectLeftTag(
      parseResponseBody('cryptocloud', response('<html>Bad Gateway</html>', 502)),
      'UnexpectedResponse',
    );
    expect(error.provider).toBe('cryptocloud');
    expect(error.status).toBe(502);
    expect(error.bodyExcerpt).toBe('<html>Bad Gateway</html>');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.message).toMatch(/^body is not JSON \(.+\)$/);
  });

  it('maps an empty body to UnexpectedResponse', () => {
    expect(
      expectLeftTag(parseResponseBody('coinspaid', response('')), 'UnexpectedResponse').bodyExcerpt,
    ).toBe('');
  });

  it('cuts the excerpt of a long body', () => {
    const error = expectLeftTag(
      parseResponseBody('coinspaid', response('z'.repeat(1000))),
      'UnexpectedResponse',
    );
    expect(error.bodyExcerpt).toBe(`${'z'.repeat(200)}…`);
  });
});

describe('decodeResponseBody', () => {
  it('decodes a well-formed body into exact wire values', () => {
    const res = response('{"data":{"id":826900,"amount":"100.00000000","paid":1.49e-06,"extra":true}}');
    expect(expectRight(decodeBody(res))).toEqual({
      data: { id: '826900', amount: '100', paid: '0.00000149', extra: true },
    });
  });

  it('maps a wrong shape to UnexpectedResponse naming each path', () => {
    const body = '{"data":{"id":1.5,"amount":"0.106.75000000"}}';
    const error = expectLeftTag(decodeBody(response(body, 201)), 'UnexpectedResponse');
    expect(error.status).toBe(201);
    expect(error.bodyExcerpt).toBe(body);
    expect(error.issues.map((i) => i.path)).toEqual(['data.id', 'data.amount', 'data.paid']);
    expect(error.message).toMatch(/^Unexpected response from coinspaid \(HTTP 201\): data\.id: /);
  });

  it('maps a body that is not an object to UnexpectedResponse', () => {
    const error = expectLeftTag(decodeBody(response('[1,2,3]')), 'UnexpectedResponse');
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toBe('');
  });
});
