import * as E from 'fp-ts/Either';
import { networkError, timeout } from '../../src/errors';
import { hookFailures, type ProviderHooks, type RequestEvent } from '../../src/hooks';
import { MIN_ATTEMPT_MS, observedTransport } from '../../src/observedTransport';
import type { HttpRequest, HttpTransport } from '../../src/transport';
import { credentialScrubber } from '../../src/scrub';
import { answer, request, scriptedTransport, type Scripted } from './support';

const KEY = 'sk_live_abcdef';
const scrub = credentialScrubber([KEY]);

const run = async (
  script: ReadonlyArray<Scripted>,
  options: { retry?: object; idempotent?: boolean; hooks?: ProviderHooks; personalFields?: string[] } = {},
) => {
  const { transport, sent } = scriptedTransport(script);
  const events: RequestEvent[] = [];
  const hooks = options.hooks ?? { onRequest: (event: RequestEvent) => void events.push(event) };
  const observed = observedTransport(
    {
      transport,
      hooks,
      ...(options.retry === undefined ? {} : { retry: options.retry as never }),
      ...(options.personalFields === undefined ? {} : { personalFields: options.personalFields }),
    },
    scrub,
  );
  const result = await observed(request(options.idempotent ?? true))();
  return { result, sent, events };
};

const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe('observedTransport without hooks or retries', () => {
  it('is the configured transport itself', () => {
    const { transport } = scriptedTransport([answer(200)]);
    expect(observedTransport({ transport }, scrub)).toBe(transport);
    expect(observedTransport({ transport, retry: { attempts: 1 } }, scrub)).toBe(transport);
  });
});

describe('one hook event per attempt', () => {
  it('reports a success with its redacted URL and bodies, status and timing', async () => {
    const { result, events } = await run([
      answer(200, `{"id":"inv_1","echo":"${KEY}","email":"ada@shop.example"}`),
    ]);
    expect(E.isRight(result)).toBe(true);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toMatchObject({
      provider: 'acme',
      operation: 'getInvoice',
      method: 'POST',
      url: 'https://api.acme.test/v1/invoice?key=[redacted]',
      attempt: 1,
      status: 200,
      errorTag: null,
      errorCode: null,
      retryInMs: null,
      requestBody: '{"order_id":"o-1","email":"[redacted]","amount":12345678.123456789}',
      responseBody: '{"id":"inv_1","echo":"[redacted]","email":"[redacted]"}',
    });
    expect(event!.durationMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs(event!.startTime - Date.now())).toBeLessThan(5000);
    expect(JSON.stringify(events)).not.toMatch(/sk_live|ada@/);
  });

  it.each([
    [401, 'Unauthorized'],
    [403, 'Unauthorized'],
    [404, 'NotFound'],
    [400, 'Rejected'],
    [422, 'Rejected'],
    [429, 'RateLimited'],
    [500, 'ProviderUnavailable'],
    [503, 'ProviderUnavailable'],
  ] as const)('tags an answer %i as %s', async (status, tag) => {
    const { events } = await run([answer(status, '{}')]);
    expect(events.map((e) => [e.status, e.errorTag])).toEqual([[status, tag]]);
  });

  it('tags a transport failure with its own tag and code, and a transport that throws as ETRANSPORT', async () => {
    const refused = await run([E.left(networkError('acme', 'ECONNREFUSED'))]);
    expect(refused.events[0]).toMatchObject({
      status: null,
      errorTag: 'NetworkError',
      errorCode: 'ECONNREFUSED',
      responseBody: null,
    });
    const late = await run([E.left(timeout('acme', 500))]);
    expect(late.events[0]).toMatchObject({ status: null, errorTag: 'Timeout', errorCode: null });
    const thrown = await run([
      () => {
        throw new Error(`boom ${KEY}`);
      },
    ]);
    expect(thrown.result).toEqual(E.left(networkError('acme', 'ETRANSPORT')));
    expect(thrown.events[0]).toMatchObject({ errorTag: 'NetworkError', errorCode: 'ETRANSPORT' });
  });
});

describe('retries', () => {
  it('retries a read on 503, a reset and a timeout until it succeeds, one event per attempt', async () => {
    const { result, sent, events } = await run(
      [answer(503), E.left(networkError('acme', 'ECONNRESET')), E.left(timeout('acme', 500)), answer(200)],
      { retry: { attempts: 4, ...fast } },
    );
    expect(E.isRight(result)).toBe(true);
    expect(sent).toHaveLength(4);
    expect(events.map((e) => [e.attempt, e.errorTag])).toEqual([
      [1, 'ProviderUnavailable'],
      [2, 'NetworkError'],
      [3, 'Timeout'],
      [4, null],
    ]);
    expect(events.map((e) => e.retryInMs === null)).toEqual([false, false, false, true]);
  });

  it('stops after `attempts` and returns the last outcome', async () => {
    const { result, sent } = await run([answer(502)], { retry: { attempts: 3, ...fast } });
    expect(sent).toHaveLength(3);
    expect(result).toEqual(answer(502));
  });

  it.each([
    ['a 503', answer(503)],
    ['a 429', answer(429)],
    ['a timeout', E.left(timeout('acme', 500))],
    ['a reset connection', E.left(networkError('acme', 'ECONNRESET'))],
    ['a transport that threw', E.left(networkError('acme', 'ETRANSPORT'))],
  ] as const)(
    'never sends a create again after %s, which may have reached the provider',
    async (_, outcome) => {
      const { sent, events } = await run([outcome, answer(200)], {
        idempotent: false,
        retry: { attempts: 5, ...fast },
      });
      expect(sent).toHaveLength(1);
      expect(events[0]!.retryInMs).toBeNull();
    },
  );

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH'])(
    'sends a create again after %s: the provider never saw it',
    async (code) => {
      const { result, sent } = await run([E.left(networkError('acme', code)), answer(201)], {
        idempotent: false,
        retry: { attempts: 3, ...fast },
      });
      expect(sent).toHaveLength(2);
      expect(result).toEqual(answer(201));
    },
  );

  it('never retries a final answer (4xx but 429, 501)', async () => {
    for (const status of [400, 401, 404, 409, 422, 501]) {
      const { sent } = await run([answer(status), answer(200)], { retry: { attempts: 3, ...fast } });
      expect(sent).toHaveLength(1);
    }
  });

  it('honours Retry-After up to maxRetryAfterMs and returns a longer one at once', async () => {
    const honoured = await run([answer(429, '', { 'retry-after': '0' }), answer(200)], {
      retry: { attempts: 2, baseDelayMs: 10_000, maxDelayMs: 10_000 },
    });
    expect(honoured.sent).toHaveLength(2);
    expect(honoured.events[0]!.retryInMs).toBe(0);
    const began = Date.now();
    const refused = await run([answer(503, '', { 'retry-after': '30' }), answer(200)], {
      retry: { attempts: 3, maxRetryAfterMs: 10_000, ...fast },
    });
    expect(refused.sent).toHaveLength(1);
    expect(Date.now() - began).toBeLessThan(1000);
  });

  it('bounds every attempt and wait by the deadline, cutting the last attempt’s timeout', async () => {
    const { sent } = await run([answer(503), answer(503), answer(200)], {
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 100, deadlineMs: 700 },
    });
    expect(sent[0]!.timeoutMs).toBe(500);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.slice(1).every((r) => r.timeoutMs < 700)).toBe(true);
    const stopped = await run([answer(503), answer(200)], {
      retry: { attempts: 3, baseDelayMs: 10_000, maxDelayMs: 10_000, deadlineMs: 50 },
    });
    expect(stopped.sent.length).toBeLessThanOrEqual(2);
  });

  it('starts no attempt with less than MIN_ATTEMPT_MS of the deadline left', async () => {
    const sent: HttpRequest[] = [];
    const slow: HttpTransport = (req) => async () => {
      sent.push(req);
      await new Promise((resolve) => setTimeout(resolve, req.timeoutMs));
      return answer(503);
    };
    const observed = observedTransport(
      {
        transport: slow,
        retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 200 + MIN_ATTEMPT_MS - 20 },
      },
      scrub,
    );
    await observed(request(true, { timeoutMs: 200 }))();
    expect(sent.map((r) => r.timeoutMs)).toEqual([200]);
  });
});

describe('a hook that throws, rejects or is slow', () => {
  it('changes nothing: the same result, every attempt made, each failure counted', async () => {
    const throwing: ProviderHooks = {
      onRequest: () => {
        throw new Error('hook broke');
      },
    };
    const rejecting: ProviderHooks = { onRequest: () => Promise.reject(new Error('later')) };
    const script = [answer(503), answer(200, '{"ok":true}')];
    const plain = await run(script, { retry: { attempts: 2, ...fast } });
    const threw = await run(script, { hooks: throwing, retry: { attempts: 2, ...fast } });
    const rejected = await run(script, { hooks: rejecting, retry: { attempts: 2, ...fast } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(threw.result).toEqual(plain.result);
    expect(rejected.result).toEqual(plain.result);
    expect(threw.sent).toHaveLength(2);
    expect(hookFailures(throwing)).toBe(2);
    expect(hookFailures(rejecting)).toBe(2);
  });

  it('is never awaited: a hook whose promise never settles does not hold the call', async () => {
    const { result } = await run([answer(200)], { hooks: { onRequest: () => new Promise(() => undefined) } });
    expect(E.isRight(result)).toBe(true);
  });
});
