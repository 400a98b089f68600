import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import type { InvoiceProvider } from '@invoicekit/core';
import { unsupported } from '@invoicekit/core/adapter';
import {
  cellDifferences,
  DEFAULT_CELLS,
  expectedCell,
  matrixSection,
  MATRIX_END,
  MATRIX_START,
  overridesOf,
  PROVIDER_OVERRIDES,
  runScenarios,
  scenarioMatrixTable,
  SCENARIOS,
  withMatrixSection,
  type Cell,
  type ScenarioDelivery,
  type ScenarioInvoice,
  type ScenarioPort,
} from '../src';

const everyOverride = Object.entries(PROVIDER_OVERRIDES).flatMap(([provider, cells]) =>
  SCENARIOS.flatMap((scenario) =>
    (cells[scenario] ?? []).map((override) => ({ provider, scenario, override })),
  ),
);

describe('the matrix expectations', () => {
  it('give every override a reason and a source', () => {
    expect(everyOverride.length).toBeGreaterThan(0);
    for (const { override } of everyOverride) {
      expect(override.why.trim().length).toBeGreaterThan(20);
      expect(override.source.trim().length).toBeGreaterThan(10);
    }
  });

  it('hold no override that changes nothing', () => {
    for (const { provider, scenario, override } of everyOverride) {
      const { why: _why, source: _source, ...fields } = override;
      const differs = (Object.keys(fields) as Array<keyof Cell>).some(
        (field) => JSON.stringify(fields[field]) !== JSON.stringify(DEFAULT_CELLS[scenario][field]),
      );
      expect([provider, scenario, differs]).toEqual([provider, scenario, true]);
    }
  });

  it('apply a provider’s overrides over the default in order, and give a provider without any the default', () => {
    expect(overridesOf('cryptocloud', 'pay-after-expiry')).toHaveLength(2);
    expect(expectedCell('cryptocloud', 'pay-after-expiry')).toEqual({
      ...DEFAULT_CELLS['pay-after-expiry'],
      learntBy: 'reconcile',
      step: 'refused',
      flags: [],
      action: 'release',
    });
    expect(expectedCell('a-new-provider', 'overpay')).toEqual(DEFAULT_CELLS.overpay);
  });

  it('ship (fulfil) exactly the live orders paid in full or more, by default', () => {
    const fulfilled = SCENARIOS.filter((scenario) => DEFAULT_CELLS[scenario].action === 'fulfil');
    expect(fulfilled).toEqual([
      'pay-in-full',
      'overpay',
      'part-then-rest',
      'duplicate-delivery',
      'out-of-order',
      'lost-then-reconcile',
    ]);
  });
});

describe('cellDifferences', () => {
  const paid = DEFAULT_CELLS['pay-in-full'];

  it('names each field that differs, with what was expected and what was seen', () => {
    expect(cellDifferences({ ...paid, path: ['paid'], action: 'review' }, paid)).toEqual([
      'path: expected ["processing","paid"], got ["paid"]',
      'action: expected fulfil, got review',
    ]);
  });

  it('takes flags and re-sent actions in any order', () => {
    const cell: Cell = { ...paid, flags: ['overpaid', 'late_payment'], replayed: ['review', 'none'] };
    expect(
      cellDifferences(cell, { ...cell, flags: ['late_payment', 'overpaid'], replayed: ['none', 'review'] }),
    ).toEqual([]);
  });
});

describe('scenarioMatrixTable', () => {
  const providers = ['cryptoprocessing', 'cryptocloud', 'a-new-provider'];
  const table = scenarioMatrixTable(providers);
  const lines = table.split('\n');

  it('has a row per scenario and a column for the default and each provider', () => {
    expect(lines[0]).toBe('| scenario | default | `cryptoprocessing` | `cryptocloud` | `a-new-provider` |');
    expect(lines.filter((line) => line.startsWith('| ')).length).toBe(SCENARIOS.length + 2);
  });

  it('numbers one note per reason and points every changed cell at it', () => {
    const notes = lines.filter((line) => /^\d+\. /.test(line));
    const reasons = new Set(
      providers.flatMap((provider) =>
        SCENARIOS.flatMap((scenario) =>
          overridesOf(provider, scenario).map((override) => `${override.why}|${override.source}`),
        ),
      ),
    );
    expect(notes).toHaveLength(reasons.size);
    notes.forEach((_note, i) => expect(table).toContain(`[${i + 1}]`));
  });

  it('shows a provider without overrides exactly as the default', () => {
    const cells = (line: string) => line.split(' | ');
    for (const line of lines.slice(2, 2 + SCENARIOS.length)) {
      const [, byDefault, , , newProvider] = cells(line);
      expect(newProvider?.replace(/ \|$/, '')).toBe(byDefault);
    }
  });
});

describe('matrixSection and withMatrixSection', () => {
  const page = `# Model\n\nintro\n\n${MATRIX_START}\n\nold table\n\n${MATRIX_END}\n\nmore\n`;

  it('read the generated section, and replace only it', () => {
    expect(matrixSection(page)).toEqual(E.right('old table'));
    const updated = withMatrixSection(page, '| new |');
    expect(updated).toEqual(
      E.right(`# Model\n\nintro\n\n${MATRIX_START}\n\n| new |\n\n${MATRIX_END}\n\nmore\n`),
    );
  });

  it('refuse a page without the markers', () => {
    expect(E.isLeft(matrixSection('# Model\n'))).toBe(true);
    expect(E.isLeft(withMatrixSection(`${MATRIX_END}\n${MATRIX_START}\n`, 'x'))).toBe(true);
  });
});

describe('runScenarios', () => {
  const provider: InvoiceProvider = {
    id: 'fake',
    capabilities: {
      operations: { createInvoice: true, getInvoice: false, cancelInvoice: false, listInvoices: false },
      requiredFields: [],
      unsupportedFields: ['allowPartialPayment'],
      ignoredFields: [],
      expiresInMinutes: 'any',
      amountFractionDigits: { max: 2, source: 'test' },
      rejectsDuplicateOrders: false,
    },
    createInvoice: () => TE.left(unsupported('fake', 'createInvoice', 'test')),
    getInvoice: () => TE.left(unsupported('fake', 'getInvoice', 'test')),
    cancelInvoice: () => TE.left(unsupported('fake', 'cancelInvoice', 'test')),
    parseWebhook: () => TE.left({ _tag: 'MalformedWebhook', provider: 'fake', message: 'test', issues: [] }),
  };

  interface Delivery extends ScenarioDelivery {
    readonly invoice: string;
    readonly n: number;
  }

  /** A port whose payments each send two deliveries and whose reconcile reads the lost webhook's order, or finds it stale. */
  const fakePort = (changes: Partial<ScenarioPort<Delivery>> = {}, lostIs: 'read' | 'stale' = 'read') => {
    const held = new Set<string>();
    const deliveries = new Map<string, Delivery[]>();
    const resent: Delivery[] = [];
    const requests: Array<{ orderId: string; expiresInMinutes?: number; allowPartialPayment?: boolean }> = [];
    let orderOfLost = '';
    const port: ScenarioPort<Delivery> = {
      provider,
      create: async (request, mode) => {
        requests.push(request);
        if (request.orderId.includes('lost-then-reconcile')) orderOfLost = request.orderId;
        return { id: `inv-${request.orderId}`, orderId: request.orderId, mode };
      },
      pay: async (invoice: ScenarioInvoice) => {
        const list = deliveries.get(invoice.id) ?? [];
        list.push(
          { held: held.has(invoice.id), invoice: invoice.id, n: list.length + 1 },
          { held: held.has(invoice.id), invoice: invoice.id, n: list.length + 2 },
        );
        deliveries.set(invoice.id, list);
        return true;
      },
      expire: async () => true,
      cancel: async () => 'Unsupported',
      hold: (invoice) => void held.add(invoice.id),
      deliveries: (invoice) => deliveries.get(invoice.id) ?? [],
      resend: async (delivery) => {
        const first = !resent.some((earlier) => earlier.invoice === delivery.invoice);
        resent.push(delivery);
        return first ? 'fulfil' : 'none';
      },
      reconcile: async () =>
        lostIs === 'read' ? { read: [orderOfLost], stale: [] } : { read: [], stale: [orderOfLost] },
      feed: async () => [{ applied: true, to: 'paid', cause: 'delivery', action: 'fulfil' }],
      record: async () => ({ status: 'paid', failureReason: null, received: null, flags: [] }),
      remaining: () => null,
      settle: async () => undefined,
      ...changes,
    };
    return { port, resent, requests };
  };

  it('runs every scenario on its own order, with a timer where the provider takes one and no field it refuses', async () => {
    const { port, requests } = fakePort();
    const results = await runScenarios(port, 'fake');
    expect([...results.keys()]).toEqual(SCENARIOS);
    expect(new Set(requests.map((request) => request.orderId)).size).toBe(SCENARIOS.length);
    expect(requests.every((request) => request.expiresInMinutes === 15)).toBe(true);
    expect(requests.some((request) => 'allowPartialPayment' in request)).toBe(false);
  });

  it('posts held deliveries again newest first, and counts every one after the first as re-sent', async () => {
    const { port, resent } = fakePort();
    const results = await runScenarios(port, 'fake');
    const outOfOrder = resent.filter((delivery) => delivery.invoice.includes('out-of-order'));
    expect(outOfOrder.map((delivery) => delivery.n)).toEqual([4, 3, 2, 1]);
    expect(results.get('out-of-order')).toMatchObject({ cell: { replayed: ['none'] } });
    expect(results.get('duplicate-delivery')).toMatchObject({ cell: { replayed: ['fulfil'] } });
  });

  it('reads the steps: an Unsupported cancel, and a lost webhook reconcile read or found stale', async () => {
    const read = await runScenarios(fakePort().port, 'fake');
    expect(read.get('merchant-cancel')).toMatchObject({ cell: { step: 'unsupported' } });
    expect(read.get('lost-then-reconcile')).toMatchObject({ cell: { step: 'done' } });
    const stale = await runScenarios(fakePort({}, 'stale').port, 'fake');
    expect(stale.get('lost-then-reconcile')).toMatchObject({ cell: { step: 'unsupported' } });
    const neither = await runScenarios(
      fakePort({ reconcile: async () => ({ read: [], stale: [] }) }).port,
      'fake',
    );
    expect(neither.get('lost-then-reconcile')).toMatchObject({ cell: { step: 'refused' } });
  });

  it('fails only the scenario whose step throws', async () => {
    const { port } = fakePort({
      cancel: async () => {
        throw new Error('no cancelInvoice in this ledger');
      },
    });
    const results = await runScenarios(port, 'fake');
    expect(results.get('merchant-cancel')).toEqual({ error: 'no cancelInvoice in this ledger' });
    expect([...results.values()].filter((result) => 'error' in result)).toHaveLength(1);
  });
});
