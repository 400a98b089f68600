import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { Invoice } from '@invoicekit/core';
import { plainJson, type HttpResponse } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { decodeResponse, toInvoice } from '../src/response';
import { fixtures, bodyOf, makeConfig } from './support';

const production = makeConfig('cryptoprocessing');
const sandbox = makeConfig('cryptoprocessing', { environment: 'sandbox', baseUrl: undefined });

const httpResponse = (body: unknown, status = 201): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : bodyOf(body),
});

const read = (body: unknown, config = production) =>
  pipe(decodeResponse(config.provider)(httpResponse(body)), E.map(toInvoice(config)));

const fixtureData = (name: string) => fixtures.record(name).data as Record<string, unknown>;

/** The invoice a documented create response fixture reads as. */
const invoiceOf = (name: string, config = production) => expectRight(read(fixtures.body(name), config));

describe('create response (wire → Invoice)', () => {
  it('normalizes the invoice without a timer', () => {
    const invoice = invoiceOf('create.response.no-timer');
    expect(invoice).toEqual({
      provider: 'cryptoprocessing',
      id: '826900',
      orderId: 'test_foreign_id_0344',
      customerReference: '12345',
      status: 'created',
      providerStatus: 'created',
      paymentUrl: 'https://invoices.sandbox.cryptoprocessing.com/invoice/Jyf1cQ',
      title: 'Invoice Title',
      price: { amount: '100', currency: 'EUR' },
      payment: null,
      received: null,
      remaining: null,
      failureReason: null,
      createdAt: null,
      expiresAt: null,
      testMode: false,
      raw: plainJson(fixtureData('create.response.no-timer')),
    });
    expect(invoice.raw).toMatchObject({ id: '826900', amount: '100.00000000' });
    expect(expectRight(Invoice.decode(Invoice.encode(invoice)))).toEqual(invoice);
  });

  it('normalizes the invoice with a timer: pending, expiresAt from release_at', () => {
    expect(invoiceOf('create.response.timer')).toMatchObject({
      id: '826904',
      status: 'pending',
      providerStatus: 'pending',
      payment: null,
      received: null,
      remaining: null,
      failureReason: null,
      createdAt: null,
      expiresAt: new Date(1775177485 * 1000),
    });
  });

  it('normalizes the invoice with a timer and a fixed currency: payment details, no creation time', () => {
    const invoice = invoiceOf('create.response.timer-currency');
    expect(invoice).toMatchObject({
      id: '826906',
      status: 'pending',
      price: { amount: '100', currency: 'EUR' },
      payment: {
        currency: 'BTC',
        amount: '0.001294',
        address: 'tb1q0raamq6ppjpcfy5mzselzqfgcqaff59kt03lzl',
        tag: null,
        network: null,
      },
      expiresAt: new Date(1775177557 * 1000),
    });
    expect(invoice.createdAt).toBeNull();
    expect(invoice.raw).toMatchObject({ fixed_at: '1775177497', sender_amount: '0.00129400' });
  });

  it('never takes the rate-fix time fixed_at for createdAt', () => {
    for (const name of [
      'create.response.no-timer',
      'create.response.timer',
      'create.response.timer-currency',
    ]) {
      const data = { ...fixtureData(name), fixed_at: 1775177497 };
      expect(expectRight(read({ data })).createdAt).toBeNull();
    }
  });

  it('normalizes money and keeps the provider text in raw', () => {
    const data = { ...fixtureData('create.response.timer-currency'), amount: '0149.90000000' };
    const invoice = expectRight(read({ data }));
    expect(invoice.price.amount).toBe('149.9');
    expect(invoice.raw).toMatchObject({ amount: '0149.90000000' });
  });

  it('sets testMode from the sandbox environment', () => {
    expect(invoiceOf('create.response.no-timer', sandbox).testMode).toBe(true);
  });

  it('refuses the AlphaPo doc’s malformed amount "0.106.75000000" instead of guessing', () => {
    const fixture = fixtures.response('create.response.alphapo-doc-quirks');
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
      price: { amount: '106.75' },
    });
  });

  it('keeps a huge numeric id exact (lossless parse)', () => {
    const body = bodyOf({ data: fixtureData('create.response.no-timer') }).replace(
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

  it('reads the old CoinsPaid example: `name` instead of `title`, a number foreign_id, no seconds_left', () => {
    const invoice = invoiceOf('create.response.v2-name');
    expect(invoice).toMatchObject({
      id: '127',
      orderId: '205',
      title: null,
      status: 'created',
      price: { amount: '106.75', currency: 'EUR' },
      payment: null,
      received: null,
      remaining: null,
      failureReason: null,
      createdAt: null,
      expiresAt: null,
    });
    expect(invoice.raw).toMatchObject({ name: 'Invoice Title' });
  });

  it('is lenient about extra keys', () => {
    const data = { ...fixtureData('create.response.no-timer'), brand_new_field: [1] };
    const invoice = expectRight(read({ data, meta: {} }));
    expect(invoice.title).toBe('Invoice Title');
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

  it('refuses ~5,000 nested arrays (10 KB) as UnexpectedResponse, never a throw', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const body of [
      deep,
      bodyOf({ data: fixtureData('create.response.no-timer') }).replace('}}', `,"x":${deep}}}`),
    ]) {
      expect(body.length).toBeGreaterThanOrEqual(10_000);
      expect(() => read(body)).not.toThrow();
      expect(expectLeftTag(read(body), 'UnexpectedResponse').issues[0]?.message).toMatch(/nests deeper/);
    }
  });

  it.each([
    ['a root __proto__ member', `{"__proto__":${bodyOf({ data: fixtureData('create.response.no-timer') })}}`],
    [
      'a __proto__ member that would supply foreign_id',
      bodyOf({ data: { ...fixtureData('create.response.no-timer'), foreign_id: undefined } }).replace(
        '{"data":{',
        '{"data":{"__proto__":{"foreign_id":{"x":1}},',
      ),
    ],
    [
      'an escaped __proto__ member that would supply the amount',
      bodyOf({ data: { ...fixtureData('create.response.no-timer'), amount: undefined } }).replace(
        '{"data":{',
        '{"data":{"\\u005f_proto__":{"amount":"-5"},',
      ),
    ],
  ])('refuses a body with %s as UnexpectedResponse; nothing comes from a prototype', (_label, body) => {
    const error = expectLeftTag(read(body), 'UnexpectedResponse');
    expect(error.message).toContain('__proto__');
  });
});
