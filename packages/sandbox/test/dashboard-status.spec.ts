import * as E from 'fp-ts/Either';
import type { InvoiceStatus } from '@invoicekit/core';
import type { PaymentKind, SandboxProviderId } from '../src';
import { canonicalStatus } from '../src/dashboardStatus';
import { PROVIDER_IDS } from '../src/emulators';
import { adapterRequest, COINSPAID_FAMILY } from './adapterRequest';
import { startHarness, webhooksSince, type Harness } from './e2e/support';

type Scenario = 'open' | PaymentKind | 'expire' | 'partial, then expire';

const SCENARIOS: ReadonlyArray<Scenario> = [
  'open',
  'full',
  'partial',
  'over',
  'unconfirmed',
  'expire',
  'partial, then expire',
];

describe('the canonical status the dashboard and hosted pages show', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ retryDelaysMs: [] });
  });
  afterAll(() => harness.close());

  /**
   * What the adapter reads for the invoice: `getInvoice` where the provider has a read endpoint, else
   * (the CoinsPaid platform) the last callback it received.
   */
  const adapterStatus = async (
    id: SandboxProviderId,
    invoiceId: string,
    from: number,
  ): Promise<InvoiceStatus> => {
    const provider = harness.provider(id);
    if (!COINSPAID_FAMILY.includes(id)) {
      const read = await provider.getInvoice(invoiceId)();
      if (E.isLeft(read)) throw new Error(read.left.message);
      return read.right.status;
    }
    await harness.sandbox.idle();
    const last = webhooksSince(harness.receiver, from).at(-1);
    if (last === undefined) return 'pending';
    const event = await provider.parseWebhook(last)();
    if (E.isLeft(event)) throw new Error(event.left.message);
    return event.right.status;
  };

  const run = async (id: SandboxProviderId, scenario: Scenario, invoiceId: string) => {
    const { sandbox } = harness;
    if (scenario === 'expire') await sandbox.expire(id, invoiceId);
    else if (scenario === 'partial, then expire') {
      await sandbox.pay(id, invoiceId, 'partial');
      await sandbox.expire(id, invoiceId);
    } else if (scenario !== 'open') await sandbox.pay(id, invoiceId, scenario);
  };

  it.each(PROVIDER_IDS)('%s: reads every scenario as the adapter does', async (id) => {
    const seen: Array<[Scenario, InvoiceStatus, InvoiceStatus]> = [];
    for (const scenario of SCENARIOS) {
      const created = await harness
        .provider(id)
        .createInvoice(adapterRequest(id, `status-${id}-${seen.length}`) as never)();
      if (E.isLeft(created)) throw new Error(created.left.message);
      const state = harness.sandbox.invoices(id).at(-1)!;
      const from = harness.receiver.received.length;
      const refused = await run(id, scenario, state.id).then(
        () => false,
        () => true,
      );
      if (refused) continue;
      const now = harness.sandbox.invoice(id, state.id)!;
      seen.push([
        scenario,
        canonicalStatus(now, harness.sandbox.now().getTime()),
        await adapterStatus(id, created.right.id, from),
      ]);
    }
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.map(([scenario, dashboard]) => [scenario, dashboard])).toEqual(
      seen.map(([scenario, , adapter]) => [scenario, adapter]),
    );
  });
});
