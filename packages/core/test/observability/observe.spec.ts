import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { notFound, signatureInvalid } from '../../src/errors';
import {
  combineHooks,
  hookFailures,
  type OperationEvent,
  type OperationStart,
  type ProviderHooks,
  type WebhookEvent,
} from '../../src/hooks';
import type { InvoiceEvent } from '../../src/model';
import { observeProvider, observeWebhook } from '../../src/observe';
import type { InvoiceProvider } from '../../src/provider';

const event = { invoiceId: 'inv_1', status: 'paid', confirmed: true } as unknown as InvoiceEvent;

const provider = (
  calls: string[],
): InvoiceProvider & { listInvoices: () => TE.TaskEither<never, string[]> } =>
  ({
    id: 'acme',
    capabilities: {} as InvoiceProvider['capabilities'],
    createInvoice: () => () => {
      calls.push('create');
      return Promise.resolve(E.right({ id: 'inv_1' }));
    },
    getInvoice: () => TE.left(notFound('acme', 404, 'x')),
    cancelInvoice: () => TE.left(notFound('acme', 404, 'x')),
    listInvoices: () => TE.right(['inv_1']),
    parseWebhook: () => TE.right(event),
  }) as never;

describe('observeProvider', () => {
  it('is the provider itself without hooks', () => {
    const p = provider([]);
    expect(observeProvider({}, p)).toBe(p);
  });

  it('reports each method call but parseWebhook, extras included, with its outcome', async () => {
    const events: OperationEvent[] = [];
    const p = observeProvider({ hooks: { onOperation: (e) => void events.push(e) } }, provider([]));
    await p.createInvoice({} as never)();
    await p.getInvoice('x')();
    await p.listInvoices()();
    await p.parseWebhook({ headers: {}, body: '' })();
    expect(events.map((e) => [e.provider, e.operation, e.errorTag])).toEqual([
      ['acme', 'createInvoice', null],
      ['acme', 'getInvoice', 'NotFound'],
      ['acme', 'listInvoices', null],
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
  });

  it('runs each operation once inside scope, even when scope throws, skips or calls run twice', async () => {
    const calls: string[] = [];
    const starts: OperationStart[] = [];
    const twice: ProviderHooks = { scope: (start, run) => (starts.push(start), run(), run()) };
    const skipping: ProviderHooks = { scope: () => undefined };
    const throwing: ProviderHooks = {
      scope: () => {
        throw new Error('no');
      },
    };
    for (const hooks of [twice, skipping, throwing]) {
      const result = await observeProvider({ hooks }, provider(calls)).createInvoice({} as never)();
      expect(result).toEqual(E.right({ id: 'inv_1' }));
    }
    expect(calls).toEqual(['create', 'create', 'create']);
    expect(starts.map((s) => s.operation)).toEqual(['createInvoice']);
    expect(hookFailures(throwing)).toBe(1);
  });

  it('combines hooks: each one sees each event and nests its scope, a broken one harms none', async () => {
    const seen: string[] = [];
    const broken: ProviderHooks = {
      onOperation: () => {
        throw new Error('x');
      },
      scope: () => {
        throw new Error('y');
      },
    };
    const good: ProviderHooks = {
      scope: (_s, run) => (seen.push('scope'), run()),
      onOperation: (e) => void seen.push(e.operation),
    };
    await observeProvider({ hooks: combineHooks(broken, good) }, provider([])).getInvoice('x')();
    expect(seen).toEqual(['scope', 'getInvoice']);
    expect(hookFailures(broken)).toBe(2);
  });
});

describe('observeWebhook', () => {
  const confirm = (id: string) => TE.right(id);

  it('reports the outcome, the verification and each confirmation call', async () => {
    const events: WebhookEvent[] = [];
    const parse = observeWebhook(
      { hooks: { onWebhook: (e) => void events.push(e) } },
      'acme',
      'HMAC',
      (_request, confirmations) => TE.flatMap(() => TE.right(event))(confirmations.count(confirm)('inv_1')),
    );
    expect(await parse({ headers: {}, body: '' })()).toEqual(E.right(event));
    expect(events[0]).toMatchObject({
      provider: 'acme',
      operation: 'parseWebhook',
      outcome: 'verified',
      verification: 'HMAC',
      confirmations: 1,
      invoiceId: 'inv_1',
      status: 'paid',
      confirmed: true,
    });
  });

  it('reports a refusal by its tag', async () => {
    const events: WebhookEvent[] = [];
    const parse = observeWebhook({ hooks: { onWebhook: (e) => void events.push(e) } }, 'acme', 'HMAC', () =>
      TE.left(signatureInvalid('acme', 'bad')),
    );
    await parse({ headers: {}, body: '' })();
    expect(events[0]).toMatchObject({ outcome: 'SignatureInvalid', confirmations: 0, invoiceId: null });
  });
});
