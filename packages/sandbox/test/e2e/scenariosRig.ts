import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { createProvider, type InvoiceProvider, type ProviderConfig } from '@invoicekit/gateway';
import {
  describeLedgerError,
  openLedger,
  pglite,
  type FeedEntry,
  type Ledger,
  type LedgerError,
} from '@invoicekit/ledger';
import type { ScenarioFeedEntry, ScenarioMode, ScenarioPort } from '@invoicekit/testkit';
import { SandboxError, startSandbox, type Sandbox, type SandboxProviderId } from '../../src';
import { adapterConfig } from '../../src/emulators';
import { startScenarioEndpoint, type RigDelivery, type ScenarioEndpoint } from './scenariosEndpoint';
import { REGISTRY_IDS } from './scenariosIds';

/** A sandbox account per configuration, one ledger, and the webhook endpoint both accounts deliver to. */
export interface ScenarioRig {
  readonly ledger: Ledger;
  readonly sandboxes: Readonly<Record<ScenarioMode, Sandbox>>;
  readonly endpoint: ScenarioEndpoint;
  /** The scenario port of one provider id. */
  port(id: string): ScenarioPort<RigDelivery>;
  close(): Promise<void>;
}

/** Waits between webhook attempts: a failed delivery is retried at once, three times. */
const RETRY_DELAYS_MS = [20, 100, 400];

/**
 * What a test-mode configuration adds to the emulator's own (`environment: 'sandbox'`): CryptoCloud
 * acknowledges test postbacks without applying them unless `allowTestMode` is set (docs/providers.md).
 */
const TEST_MODE_EXTRAS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  cryptocloud: { allowTestMode: true },
};

const run = async <A>(task: TaskEither<LedgerError, A>): Promise<A> => {
  const result = await task();
  if (E.isLeft(result)) throw new Error(describeLedgerError(result.left));
  return result.right;
};

/** The provider of one id in one configuration: live (the emulator's keys and address) or its test mode. */
const configure = (id: SandboxProviderId, mode: ScenarioMode, sandbox: Sandbox): InvoiceProvider => {
  const { environment, ...keys } = adapterConfig(id, sandbox.credentials);
  const config =
    mode === 'live'
      ? { provider: id, ...keys }
      : {
          provider: id,
          ...keys,
          ...(environment === undefined ? {} : { environment }),
          ...TEST_MODE_EXTRAS[id],
        };
  const built = createProvider(config as ProviderConfig);
  if (E.isLeft(built)) throw new Error(`${id} (${mode}): ${built.left.message}`);
  return built.right;
};

const allEntries = async (ledger: Ledger): Promise<FeedEntry[]> => {
  const entries: FeedEntry[] = [];
  for (let after = 0; ;) {
    const page = await run(ledger.transitions({ after, limit: 1000 }));
    entries.push(...page.entries);
    if (page.entries.length < 1000) return entries;
    after = page.cursor;
  }
};

const asScenarioEntry = (entry: FeedEntry): ScenarioFeedEntry => ({
  applied: entry.applied,
  to: entry.to,
  cause: entry.cause,
  action: entry.action,
});

/** Runs `action` against the sandbox: false when the sandbox refuses it for the invoice's state (400, 409). */
const attempt = async (action: () => Promise<unknown>, settle: () => Promise<void>): Promise<boolean> => {
  try {
    await action();
    await settle();
    return true;
  } catch (e) {
    if (e instanceof SandboxError && (e.status === 409 || e.status === 400)) return false;
    throw e;
  }
};

/**
 * Starts the matrix's set-up: a live and a test-mode sandbox account (CryptoCloud's test mode is a
 * project setting, the others' a configuration), one in-memory ledger that reconcile may read at once,
 * and the webhook endpoint (`webhookHandler` → `ledger.onEvent`) both accounts deliver to.
 */
export const startScenarioRig = async (): Promise<ScenarioRig> => {
  const ledger = await run(openLedger({ storage: pglite(), staleAfterMs: 1, recheckAfterMs: 1 }));
  const endpoint = await startScenarioEndpoint(ledger.onEvent);
  const hooks = (mode: ScenarioMode) =>
    Object.fromEntries(REGISTRY_IDS.map((id) => [id, endpoint.hookUrl(mode, id)]));
  const sandboxes: Record<ScenarioMode, Sandbox> = {
    live: await startSandbox({ webhookUrls: hooks('live'), retryDelaysMs: RETRY_DELAYS_MS }),
    test: await startSandbox({
      webhookUrls: hooks('test'),
      retryDelaysMs: RETRY_DELAYS_MS,
      cryptocloudTestMode: true,
    }),
  };
  const providers = new Map<string, InvoiceProvider>();
  for (const id of REGISTRY_IDS as ReadonlyArray<SandboxProviderId>) {
    for (const mode of ['live', 'test'] as const) {
      const provider = configure(id, mode, sandboxes[mode]);
      providers.set(`${mode}/${id}`, provider);
      endpoint.route(mode, provider);
    }
  }
  const provider = (id: string, mode: ScenarioMode): InvoiceProvider => {
    const found = providers.get(`${mode}/${id}`);
    if (found === undefined) throw new Error(`the gateway lists ${id}, which the sandbox does not emulate`);
    return found;
  };
  const settle = async () => {
    await Promise.all([sandboxes.live.idle(), sandboxes.test.idle()]);
  };
  const port = (id: string): ScenarioPort<RigDelivery> => {
    const live = provider(id, 'live');
    const sandboxId = id as SandboxProviderId;
    return {
      provider: live,
      create: async (request, mode) => {
        const invoice = await run(ledger.createInvoice(provider(id, mode), request));
        endpoint.trail(id, invoice.id).remaining = invoice.remaining;
        return { id: invoice.id, orderId: request.orderId, mode };
      },
      pay: (invoice, kind) => attempt(() => sandboxes[invoice.mode].pay(sandboxId, invoice.id, kind), settle),
      expire: (invoice) => attempt(() => sandboxes[invoice.mode].expire(sandboxId, invoice.id), settle),
      cancel: async (invoice) => {
        const result = await ledger.cancelInvoice(provider(id, invoice.mode), { invoiceId: invoice.id })();
        if (E.isLeft(result)) {
          return result.left._tag === 'ProviderFailed' ? result.left.error._tag : result.left._tag;
        }
        endpoint.trail(id, invoice.id).remaining = result.right.cancellation.invoice?.remaining ?? null;
        return null;
      },
      hold: (invoice) => endpoint.hold(id, invoice.id),
      deliveries: (invoice) => [...endpoint.trail(id, invoice.id).deliveries],
      resend: endpoint.resend,
      reconcile: async () => {
        const report = await run(ledger.reconcile({ providers: [live] }));
        const read = report.checked.filter(
          (checked) => checked.provider === id && checked.invoiceId !== null,
        );
        for (const { invoiceId } of read) {
          const record = await run(ledger.invoice(id, { invoiceId: invoiceId! }));
          if (record?.invoice != null) endpoint.trail(id, invoiceId!).remaining = record.invoice.remaining;
        }
        return {
          read: read.flatMap((checked) => (checked.orderId === null ? [] : [checked.orderId])),
          stale: report.stale.flatMap((stale) =>
            stale.provider === id && stale.orderId !== null ? [stale.orderId] : [],
          ),
        };
      },
      feed: async (invoice) =>
        (await allEntries(ledger))
          .filter((entry) => entry.provider === id && entry.orderId === invoice.orderId)
          .map(asScenarioEntry),
      record: (invoice) => run(ledger.invoice(id, { orderId: invoice.orderId })),
      remaining: (invoice) => endpoint.trail(id, invoice.id).remaining,
      settle,
    };
  };

  return {
    ledger,
    sandboxes,
    endpoint,
    port,
    close: async () => {
      await Promise.all([sandboxes.live.close(), sandboxes.test.close()]);
      await endpoint.close();
      await run(ledger.close());
    },
  };
};
