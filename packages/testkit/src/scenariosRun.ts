import type { CreateInvoiceRequest, InvoiceProvider, Money } from '@invoicekit/core';
import { orderEveryProviderAccepts } from './orders';
import {
  SCENARIOS,
  type AmountSeen,
  type Cell,
  type LearntBy,
  type ScenarioId,
  type ShopAction,
  type StepOutcome,
} from './scenarios';
import type {
  ScenarioDelivery,
  ScenarioInvoice,
  ScenarioMode,
  ScenarioPort,
  ScenarioReconcile,
} from './scenariosPort';

/** What a scenario's actions came to, before the shop's reconcile runs. */
interface Acted {
  readonly invoice: ScenarioInvoice;
  readonly step: StepOutcome;
  readonly replayed: ReadonlyArray<ShopAction>;
}

/** How a scenario's invoice is made: which configuration, and whether it takes instalments. */
interface Setup {
  readonly mode: ScenarioMode;
  readonly instalments: boolean;
}

type Script<D extends ScenarioDelivery> = (port: ScenarioPort<D>, invoice: ScenarioInvoice) => Promise<Acted>;

/** The provider's own invoice lifetime where it takes one of 15 minutes (the CoinsPaid platform's only timer). */
const timerFor = (provider: InvoiceProvider): Partial<CreateInvoiceRequest> => {
  const lifetimes = provider.capabilities.expiresInMinutes;
  return lifetimes === 'any' || lifetimes.includes(15) ? { expiresInMinutes: 15 } : {};
};

const instalmentsFor = (provider: InvoiceProvider): Partial<CreateInvoiceRequest> =>
  provider.capabilities.unsupportedFields.includes('allowPartialPayment')
    ? {}
    : { allowPartialPayment: true };

const LIVE: Setup = { mode: 'live', instalments: false };

const SETUPS: Readonly<Record<ScenarioId, Setup>> = {
  'pay-in-full': LIVE,
  overpay: LIVE,
  'underpay-and-end': LIVE,
  'part-then-rest': { mode: 'live', instalments: true },
  'expire-unpaid': LIVE,
  'merchant-cancel': LIVE,
  'pay-after-expiry': LIVE,
  'duplicate-delivery': LIVE,
  'out-of-order': { mode: 'live', instalments: true },
  'lost-then-reconcile': LIVE,
  'test-mode': { mode: 'test', instalments: false },
};

const done = (invoice: ScenarioInvoice, ok = true): Acted => ({
  invoice,
  step: ok ? 'done' : 'refused',
  replayed: [],
});

const resent = async <D extends ScenarioDelivery>(
  port: ScenarioPort<D>,
  delivery: D,
): Promise<ShopAction> => {
  const action = await port.resend(delivery);
  if (action === null) throw new Error('the endpoint did not apply a delivery posted again');
  return action;
};

const scripts = <D extends ScenarioDelivery>(): Readonly<Record<ScenarioId, Script<D>>> => ({
  'pay-in-full': async (port, invoice) => done(invoice, await port.pay(invoice, 'full')),
  overpay: async (port, invoice) => done(invoice, await port.pay(invoice, 'over')),
  'underpay-and-end': async (port, invoice) => {
    const paid = await port.pay(invoice, 'partial');
    await port.expire(invoice);
    return done(invoice, paid);
  },
  'part-then-rest': async (port, invoice) => {
    const part = await port.pay(invoice, 'partial');
    return done(invoice, part && (await port.pay(invoice, 'full')));
  },
  'expire-unpaid': async (port, invoice) => done(invoice, await port.expire(invoice)),
  'merchant-cancel': async (port, invoice) => {
    const refusal = await port.cancel(invoice);
    await port.settle();
    return {
      invoice,
      step: refusal === null ? 'done' : refusal === 'Unsupported' ? 'unsupported' : 'refused',
      replayed: [],
    };
  },
  'pay-after-expiry': async (port, invoice) => {
    await port.expire(invoice);
    return done(invoice, await port.pay(invoice, 'full'));
  },
  'duplicate-delivery': async (port, invoice) => {
    const paid = await port.pay(invoice, 'full');
    await port.settle();
    const last = port.deliveries(invoice).at(-1);
    if (last === undefined) throw new Error('no delivery reached the endpoint to post again');
    return { ...done(invoice, paid), replayed: [await resent(port, last)] };
  },
  'out-of-order': async (port, invoice) => {
    port.hold(invoice);
    const paid = (await port.pay(invoice, 'partial')) && (await port.pay(invoice, 'full'));
    await port.settle();
    const newestFirst = port
      .deliveries(invoice)
      .filter((delivery) => delivery.held)
      .reverse();
    const actions: ShopAction[] = [];
    for (const delivery of newestFirst) actions.push(await resent(port, delivery));
    return { ...done(invoice, paid), replayed: actions.slice(1) };
  },
  'lost-then-reconcile': async (port, invoice) => {
    port.hold(invoice);
    return done(invoice, await port.pay(invoice, 'full'));
  },
  'test-mode': async (port, invoice) => done(invoice, await port.pay(invoice, 'full')),
});

const requestFor = (provider: InvoiceProvider, scenario: ScenarioId, orderId: string): CreateInvoiceRequest =>
  orderEveryProviderAccepts(orderId, {
    ...timerFor(provider),
    ...(SETUPS[scenario].instalments ? instalmentsFor(provider) : {}),
  });

const act = async <D extends ScenarioDelivery>(
  port: ScenarioPort<D>,
  scenario: ScenarioId,
  orderId: string,
): Promise<Acted> => {
  const invoice = await port.create(requestFor(port.provider, scenario, orderId), SETUPS[scenario].mode);
  await port.settle();
  return scripts<D>()[scenario](port, invoice);
};

const amountSeen = (money: Money | null): AmountSeen =>
  money === null ? 'none' : /[1-9]/.test(money.amount) ? 'some' : 'zero';

const receivedSeen = (money: Money | null): AmountSeen => (amountSeen(money) === 'some' ? 'some' : 'none');

/** The lost webhook's step: reconcile read the invoice, or could only report it stale (the provider has no read). */
const reconcileStep = (acted: Acted, report: ScenarioReconcile): StepOutcome =>
  report.read.includes(acted.invoice.orderId)
    ? 'done'
    : report.stale.includes(acted.invoice.orderId)
      ? 'unsupported'
      : 'refused';

const observe = async <D extends ScenarioDelivery>(
  port: ScenarioPort<D>,
  acted: Acted,
  step: StepOutcome,
): Promise<Cell> => {
  const feed = await port.feed(acted.invoice);
  const record = await port.record(acted.invoice);
  const applied = feed.filter((entry) => entry.applied && entry.cause !== 'create');
  return {
    path: applied.flatMap((entry) => (entry.to === null ? [] : [entry.to])),
    learntBy: (applied.at(-1)?.cause ?? 'create') as LearntBy,
    reason: record?.failureReason ?? null,
    received: receivedSeen(record?.received ?? null),
    remaining: amountSeen(port.remaining(acted.invoice)),
    flags: [...(record?.flags ?? [])].sort(),
    action: feed.at(-1)?.action ?? 'none',
    replayed: [...new Set(acted.replayed)].sort(),
    step,
  };
};

/** A scenario's order and its cell as observed, or why it could not be run to the end. */
export type ScenarioResult = { readonly orderId: string; readonly cell: Cell } | { readonly error: string };

const failure = (e: unknown): ScenarioResult => ({ error: e instanceof Error ? e.message : String(e) });

/**
 * Runs every scenario on one port, all at once (each on its own invoice), then the shop's periodic
 * reconcile once, then reads each invoice's feed and record into its cell. A scenario that throws
 * yields its error instead, so one broken step fails one cell.
 */
export const runScenarios = async <D extends ScenarioDelivery>(
  port: ScenarioPort<D>,
  label: string,
): Promise<ReadonlyMap<ScenarioId, ScenarioResult>> => {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const acted = await Promise.all(
    SCENARIOS.map((scenario) =>
      act(port, scenario, `${label}-${scenario}-${run}`).then(
        (value) => ({ value }),
        (e: unknown) => ({ error: failure(e) }),
      ),
    ),
  );
  await port.settle();
  const report = await port.reconcile();
  await port.settle();
  const results = await Promise.all(
    SCENARIOS.map(async (scenario, i): Promise<ScenarioResult> => {
      const outcome = acted[i]!;
      if ('error' in outcome) return outcome.error;
      const step =
        scenario === 'lost-then-reconcile' ? reconcileStep(outcome.value, report) : outcome.value.step;
      return observe(port, outcome.value, step).then(
        (cell) => ({ orderId: outcome.value.invoice.orderId, cell }),
        failure,
      );
    }),
  );
  return new Map(SCENARIOS.map((scenario, i) => [scenario, results[i]!]));
};
