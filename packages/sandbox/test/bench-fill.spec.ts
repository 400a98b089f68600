import { launchSandbox } from '../src/sandbox';
import type { Sandbox } from '../src';
import { injectCreates } from './bench/fill';
import { coinspaidRequest, createCoinspaidInvoice, get, signedPost } from './helpers';

const withLaunched = async (run: (launched: Awaited<ReturnType<typeof launchSandbox>>) => Promise<void>) => {
  const launched = await launchSandbox({ port: 0, log: false });
  try {
    await run(launched);
  } finally {
    await launched.sandbox.close();
  }
};

/** An invoice's state with what differs between any two invoices left out. */
const shape = (sandbox: Sandbox, id: string) => {
  const state = sandbox.invoice('coinspaid', id);
  return {
    ...state,
    id: typeof state?.id,
    orderId: typeof state?.orderId,
    url: typeof state?.url,
    createdAt: 0,
  };
};

describe('the bench fill (injectCreates)', () => {
  it('makes invoices an HTTP create cannot tell from its own: same state, indexes, pages and counts', async () =>
    withLaunched(async ({ sandbox, server }) => {
      const creds = sandbox.credentials.coinspaid;
      const ids: number[] = [];
      await injectCreates(server, creds, 3, (id) => ids.push(id), 2);
      expect(sandbox.requestCount('coinspaid')).toBe(3);
      expect(sandbox.invoices('coinspaid').map((inv) => Number(inv.id))).toEqual(ids);
      const [injected] = ids.map((id) => sandbox.invoice('coinspaid', String(id))!);
      const overHttp = await createCoinspaidInvoice(sandbox, 'coinspaid');
      expect(shape(sandbox, injected!.id)).toEqual(shape(sandbox, String(overHttp['id'])));

      const taken = await signedPost(
        `${creds.baseUrl}/invoices/create`,
        JSON.stringify(coinspaidRequest({ foreign_id: injected!.orderId })),
        creds,
      );
      expect([taken.status, taken.json]).toEqual([
        400,
        { errors: { foreign_id: 'The foreign id has already been taken.' } },
      ]);
      expect((await get(injected!.url)).status).toBe(200);
      const cancelled = await signedPost(
        `${creds.baseUrl}/invoices/${encodeURIComponent(injected!.orderId ?? '')}/cancel/`,
        '{}',
        creds,
      );
      expect([cancelled.status, sandbox.invoice('coinspaid', injected!.id)?.status]).toEqual([200, 'failed']);
    }));

  it('rejects when the sandbox refuses a create', async () =>
    withLaunched(async ({ sandbox, server }) => {
      const wrongKey = { ...sandbox.credentials.coinspaid, secretKey: 'not the key' };
      await expect(injectCreates(server, wrongKey, 1, () => undefined)).rejects.toThrow(/create failed: 403/);
    }));
});
