import fc from 'fast-check';
import { logLine, webhookAnswer, WEBHOOK_STATUS, type WebhookOutcome } from '../src';
import {
  applied,
  applyFailed,
  bodyTooLarge,
  endpointFailed,
  eventRefused,
  handlerTimedOut,
  methodNotAllowed,
  rawBodyUnavailable,
  requestAborted,
} from '../src/outcome';
import {
  confirmationFailed,
  malformedWebhook,
  providerUnavailable,
  signatureInvalid,
  unsupportedEvent,
} from '@invoicekit/core/adapter';
import { ERRORS_DOC_URL, type InvoiceEvent } from '@invoicekit/core';

const event = { provider: 'cryptoprocessing', dedupeKey: 'cryptoprocessing:588:confirmed' } as InvoiceEvent;

const table: ReadonlyArray<[WebhookOutcome, number]> = [
  [applied(event, null), 200],
  [applyFailed('cryptoprocessing', event.dedupeKey, 'onEvent', 'it threw: Error: down'), 500],
  [handlerTimedOut('cryptoprocessing', event.dedupeKey, 'onEvent', 10_000), 503],
  [eventRefused('cryptoprocessing', event.dedupeKey, 'it returned a Left: InvalidInput: NUL'), 200],
  [unsupportedEvent('cryptoprocessing', 'deposit'), 200],
  [confirmationFailed('cryptocloud', providerUnavailable('cryptocloud', 503)), 503],
  [signatureInvalid('cryptoprocessing', 'the signature does not match'), 400],
  [malformedWebhook('cryptoprocessing', [{ path: 'id', message: 'missing' }]), 400],
  [{ _tag: 'NoRoute', message: 'no configured provider matches this webhook' }, 400],
  [methodNotAllowed('GET'), 405],
  [bodyTooLarge(1024), 413],
  [rawBodyUnavailable('express.json() read it first'), 500],
  [requestAborted(100), 503],
  [endpointFailed('invalid webhook handler options: onEvent must be a function'), 500],
];

const refusals = table.filter(([, status]) => status !== 200).map(([outcome]) => outcome);

describe('webhookAnswer (DESIGN §7)', () => {
  it.each(table.map(([outcome, status]) => [outcome._tag, status, outcome] as const))(
    'answers %s with %i',
    (_tag, status, outcome) => {
      expect(webhookAnswer(outcome).status).toBe(status);
    },
  );

  it('has one status for every outcome tag, and the table above covers them all', () => {
    expect(new Set(table.map(([outcome]) => outcome._tag))).toEqual(new Set(Object.keys(WEBHOOK_STATUS)));
  });

  it('answers 200 with no body, as the CoinsPaid platform documents', () => {
    for (const outcome of [applied(event, null), unsupportedEvent('cryptoprocessing', 'deposit')]) {
      expect(webhookAnswer(outcome)).toEqual({
        status: 200,
        headers: { 'cache-control': 'no-store' },
        body: '',
      });
    }
  });

  it('shares one frozen answer per outcome tag, so no request can change what the next one is answered', () => {
    const first = webhookAnswer(applied(event, null));
    expect(webhookAnswer(applied({ ...event, dedupeKey: 'another' }, null))).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.headers)).toBe(true);
    expect(() => {
      (first.headers as Record<string, string>)['cache-control'] = 'public';
    }).toThrow(TypeError);
    expect(webhookAnswer(methodNotAllowed('PUT')).headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      allow: 'POST',
    });
  });

  it('answers JSON naming the outcome and nothing else', () => {
    const answer = webhookAnswer(signatureInvalid('cryptoprocessing', 'the signature does not match'));
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.body)).toEqual({ outcome: 'SignatureInvalid' });
  });

  it('names the allowed method on a 405', () => {
    expect(webhookAnswer(methodNotAllowed('PUT')).headers.allow).toBe('POST');
    expect(webhookAnswer(bodyTooLarge(10)).headers.allow).toBeUndefined();
  });

  it('never puts an outcome message in the body', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom(...refusals), (message, outcome) => {
        const answer = webhookAnswer({ ...outcome, message: `${message}\u0000secret` } as WebhookOutcome);
        expect(answer.body).not.toContain('\\u0000secret');
        expect(JSON.parse(answer.body)).toEqual({ outcome: outcome._tag });
      }),
    );
  });
});

describe('logLine (issue 19 item 2)', () => {
  const logged = table.map(([outcome]) => outcome).filter((outcome) => logLine(outcome) !== null);

  it('logs every outcome but the two the provider may stop sending', () => {
    expect(
      table.map(([outcome]) => outcome._tag).filter((tag) => !logged.some((o) => o._tag === tag)),
    ).toEqual(['Applied', 'UnsupportedEvent']);
  });

  it.each(logged.map((outcome) => [outcome._tag, outcome] as const))(
    'ends the %s line with its message, then the link to its own section of docs/errors.md',
    (tag, outcome) => {
      const end = `${tag}: ${outcome.message} (see ${ERRORS_DOC_URL}#${tag.toLowerCase()})`;
      expect(logLine(outcome)?.slice(-end.length)).toBe(end);
    },
  );
});
