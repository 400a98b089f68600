import type { InvoiceEvent, InvoiceProvider } from '@invoicekit/gateway';
import { expectRight } from '@invoicekit/testkit';
import { webhooksSince, type Harness } from './e2e/support';

/** The verified events an action caused on `harness`, in the order they were delivered. */
export const eventsOf = async (
  harness: Harness,
  provider: InvoiceProvider,
  act: () => Promise<unknown>,
): Promise<InvoiceEvent[]> => {
  const from = harness.receiver.received.length;
  await act();
  await harness.sandbox.idle();
  const events: InvoiceEvent[] = [];
  for (const webhook of webhooksSince(harness.receiver, from))
    events.push(expectRight(await provider.parseWebhook(webhook)()));
  return events;
};
