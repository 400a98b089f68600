import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Invoice, type HttpResponse } from '@invoicekit/core';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { resolveSettings } from '../src/config';
import { decodeCreateResponse, toInvoice } from '../src/response';
import { makeConfig, responseFixture } from './support';

const production = resolveSettings(makeConfig('cryptoprocessing'));
const sandbox = resolveSettings(
  makeConfig('cryptoprocessing', { environment: 'sandbox', baseUrl: undefined }),
);

const httpResponse = (body: unknown, status = 201): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const read = (body: unknown, settings = production) =>
  pipe(decodeCreateResponse(settings)(httpResponse(body)), E.map(toInvoice(settings)));

const fixtureData = (name: string) => (responseFixture(name).body as { data: Record<string, unknown> }).data;

describe('create response (wire → Invoice)', () => {
  it('normalizes the invoice without a timer', () => {
    const invoice = expectRight(read(responseFixture('create.response.no-timer').body));
    expect(invoice).toEqual({
      provider: 'cryptoprocessing',
      id: '826900',
      orderId: 'test_foreign_id_0344',
      customerReference: '12345',
      status: 'created',
      providerStatus: 'created',
      paymentUrl: 'https://invoices.sandbox.cryptoprocessing.com/invoice/Jyf1cQ',
      title: 'Invoice Title',
      price: { amount: '100.00000000', currency: 'EUR' },
      payment: null,
      createdAt: null,
      expiresAt: null,
      testMode: false,
      raw: { data: { ...fixtureData('create.response.no-timer'), id: '826900' } },
    });
    expect(expectRight(Invoice.decode(Invoice.encode(invoice)))).toEqual(invoice);
  });

  it('normalizes the invoice with a timer: pending, expiresAt from release_at', () => {
    const invoice = expectRight(read(responseFixture('create.response.timer').body));
    expect(invoice).toMatchObject({
      id: '826904',
      status: 'pending',
      providerStatus: 'pending',
      payment: null,
      createdAt: null,
      expiresAt: new Date(1775177485 * 1000),
    });
  });

  it('normalizes the invoice with a timer and a fixed currency: payment details and fixed_at', () => {
    const invoice = expectRight(read(responseFixture('create.response.timer-currency').body));
    expect(invoice).toMatchObject({
      id: '826906',
      status: 'pending',
      price: { amount: '100.00000000', currency: 'EUR' },
      payment: {
        currency: 'BTC',
        amount: '0.00129400',
        address: 'tb1q0raamq6ppjpcfy5mzselzqfgcqaff59kt03lzl',
        tag: null,
        network: null,
      },
      createdAt: new Date(1775177497 * 1000),
      expiresAt: new Date(1775177557 * 1000),
    });
    expect(invoice.raw).toMatchObject({ data: { fixed_at: '1775177497', sender_amount: '0.00129400' } });
  });

  it('sets testMode from the sandbox environment', () => {
    expect(expectRight(read(responseFixture('create.response.no-timer').body, sandbox)).testMode).toBe(true);
  });

  it('refuses the AlphaPo doc’s malformed amount "0.106.75000000" instead of guessing', () => {
    const fixture = responseFixture('create.response.alphapo-doc-quirks');
    const error = expectLeftTag(read(fixture.body), 'UnexpectedResponse');
    expect(error.issues.map((i) => i.path)).toEqual(['data.amount']);
    expect(error.message).toContain('data.amount');
    expect(error.bodyExcerpt.startsWith('{"data":{"id":127')).toBe(true);
  });

  it('tolerates a number end_user_reference and id once the amount is sound', () => {
    const data = { ...fixtureData('create.response.alphapo-doc-quirks'), amount: '106.75000000' };
    const invoice = expectRight(read({ data }));
    expect(invoice).toMatchObject({
      id: '127',
      customerReference: '12345',
      orderId: 'user_196',
      price: { amount: '106.75000000' },
    });
  });

  it('keeps a huge numeric id exact (lossless parse)', () => {
    const body = JSON.stringify({ data: fixtureData('create.response.no-timer') }).replace(
      '826900',
      '123456789012345678901',
    );
    expect(expectRight(read(body)).id).toBe('123456789012345678901');
  });

  it.each([
    ['amount as a JSON number', { amount: 100.5 }, 'data.amount'],
    ['amount with an exponent', { amount: '1e2' }, 'data.amount'],
    ['a negative amount', { amount: '-1.00000000' }, 'data.amount'],
    ['a malformed sender_amount', { sender_currency: 'BTC', sender_amount: '0.001.2' }, 'data.sender_amount'],
    ['a missing url', { url: undefined }, 'data.url'],
    ['a fractional id', { id: 1.5 }, 'data.id'],
  ])('refuses %s as UnexpectedResponse', (_label, patch, path) => {
    const error = expectLeftTag(
      read({ data: { ...fixtureData('create.response.no-timer'), ...patch } }),
      'UnexpectedResponse',
    );
    expect(error.issues.map((i) => i.path)).toContain(path);
  });

  it('is lenient about extra keys and the old `name` instead of `title`', () => {
    const { title: _title, ...rest } = fixtureData('create.response.no-timer');
    const invoice = expectRight(read({ data: { ...rest, name: 'Old', brand_new_field: [1] }, meta: {} }));
    expect(invoice.title).toBeNull();
  });

  it('maps an unknown status word to unknown and keeps the word', () => {
    const invoice = expectRight(
      read({ data: { ...fixtureData('create.response.no-timer'), status: 'on_hold' } }),
    );
    expect(invoice).toMatchObject({ status: 'unknown', providerStatus: 'on_hold' });
  });

  it('refuses a body that is not JSON with an excerpt', () => {
    const error = expectLeftTag(read('<html>oops</html>'), 'UnexpectedResponse');
    expect(error.bodyExcerpt).toBe('<html>oops</html>');
  });
});
