import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/Either';
import type { SandboxProviderId } from '../src';
import { PROVIDER_IDS } from '../src/emulators';
import { escapeHtml } from '../src/pages';
import { adapterRequest } from './adapterRequest';
import { startHarness, type Harness } from './e2e/support';
import { createCoinspaidInvoice, createCryptocloudInvoice, post, withSandbox } from './helpers';

/** A loopback port nothing listens on. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
};

const html = async (url: string, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { headers: { Accept: 'text/html,*/*', ...headers } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};

/** The `<tr>` of one invoice in the dashboard's HTML. */
const rowOf = (page: string, provider: string, id: string): string => {
  const at = page.indexOf(`data-invoice="${escapeHtml(`${provider}/${id}`)}"`);
  if (at < 0) throw new Error(`no row for ${provider}/${id}`);
  return page.slice(at, page.indexOf('</tr>', at));
};

describe('dashboard over real HTTP, every emulator', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ retryDelaysMs: [] });
  });
  afterAll(() => harness.close());

  const create = async (id: SandboxProviderId, orderId: string) => {
    const created = await harness.provider(id).createInvoice(adapterRequest(id, orderId) as never)();
    if (E.isLeft(created)) throw new Error(created.left.message);
    return harness.sandbox.invoices(id).at(-1)!;
  };

  it.each(PROVIDER_IDS)(
    '%s: lists the invoice, pays it through the button’s request and shows the delivery with its signature and answer',
    async (id) => {
      const { sandbox } = harness;
      const state = await create(id, `dash-${id}`);
      const before = await html(`${sandbox.url}/`);
      expect(before.status).toBe(200);
      expect(before.type).toMatch(/^text\/html/);
      const open = rowOf(before.text, id, state.id);
      expect(open).toContain(`>dash-${id}<`);
      expect(open).toContain(`data-word>${escapeHtml(state.status)}<`);
      expect(open).toMatch(/data-canonical>(created|pending)</);
      const payAction = `/_sandbox/${id}/invoices/${encodeURIComponent(state.id)}/pay`;
      expect(open).toContain(
        `data-action="${escapeHtml(payAction)}" data-body="${escapeHtml('{"kind":"full"}')}"`,
      );
      expect(open).toContain('>Expire<');

      // What the button's script sends: same-origin JSON.
      const from = sandbox.deliveries().length;
      const paid = await post(`${sandbox.url}${payAction}`, '{"kind":"full"}', {
        'Content-Type': 'application/json',
        Origin: new URL(sandbox.url).origin,
        'Sec-Fetch-Site': 'same-origin',
      });
      expect(paid.status).toBe(200);
      await sandbox.idle();
      const fragment = await html(`${sandbox.url}/_sandbox/dashboard`);
      expect(fragment.status).toBe(200);
      const row = rowOf(fragment.text, id, state.id);
      expect(row).toMatch(/data-canonical>(paid|processing)</);
      expect(row).toContain('data-remaining>0.');
      expect(row).not.toContain('>Expire<');
      const sent = sandbox.deliveries().slice(from);
      expect(sent.length).toBeGreaterThan(0);
      for (const d of sent) {
        const at = fragment.text.indexOf(`id="delivery-${escapeHtml(d.id)}"`);
        expect(at).toBeGreaterThan(-1);
        const block = fragment.text.slice(at, fragment.text.indexOf('</details>', at));
        expect(block).toContain(`<b>${escapeHtml(d.event)}</b>`);
        expect(block).toContain('HTTP 200');
        expect(block).toContain(`<pre>${escapeHtml(d.body)}</pre>`);
        for (const [name, value] of Object.entries(d.headers))
          expect(block).toContain(`<th>${escapeHtml(name)}</th><td class="mono">${escapeHtml(value)}</td>`);
        expect(block).toContain(
          `data-action="${escapeHtml(`/_sandbox/deliveries/${encodeURIComponent(d.id)}/resend`)}"`,
        );
      }
    },
  );

  it('shows a resend beside the delivery it repeats', async () => {
    const { sandbox } = harness;
    const state = await create('cryptocloud', 'dash-resend');
    await sandbox.pay('cryptocloud', state.id, 'partial');
    await sandbox.idle();
    const original = sandbox.deliveries().at(-1)!;
    const resent = await post(`${sandbox.url}/_sandbox/deliveries/${original.id}/resend`, '{}', {
      'Content-Type': 'application/json',
    });
    expect(resent.status).toBe(200);
    const copy = sandbox.deliveries().at(-1)!;
    expect(copy.resendOf).toBe(original.id);
    const page = (await html(`${sandbox.url}/_sandbox/dashboard`)).text;
    expect(page).toContain(`resend of <span class="mono">${escapeHtml(original.id)}</span>`);
  });

  it('still describes itself as JSON to a program', async () => {
    const res = await fetch(`${harness.sandbox.url}/`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { name: string; providers: Array<{ provider: string }> };
    expect(body.name).toBe('@invoicekit/sandbox');
    expect(body.providers.map((p) => p.provider)).toEqual(PROVIDER_IDS);
  });

  it('refuses to show deliveries to a page of another origin', async () => {
    const res = await html(`${harness.sandbox.url}/_sandbox/dashboard`, { 'Sec-Fetch-Site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('delivery-');
  });
});

describe('dashboard of a sandbox whose webhooks fail', () => {
  it('shows the connection error of each attempt', async () =>
    withSandbox(
      { webhookUrl: `http://127.0.0.1:${await closedPort()}/hook`, retryDelaysMs: [] },
      async (sandbox) => {
        const invoice = await createCryptocloudInvoice(sandbox);
        await sandbox.pay('cryptocloud', String(invoice['uuid']), 'full');
        await sandbox.idle();
        const [attempt] = sandbox.deliveries();
        expect(attempt?.error).toBe('ECONNREFUSED');
        const page = (await html(`${sandbox.url}/`)).text;
        expect(page).toContain(`<details class="delivery failed" id="delivery-${escapeHtml(attempt!.id)}">`);
        expect(page).toContain('<span class="answer">ECONNREFUSED</span>');
      },
    ));
});

describe('dashboard without deliveries', () => {
  it('escapes merchant text and says when nothing happened yet', async () =>
    withSandbox({}, async (sandbox) => {
      await createCoinspaidInvoice(sandbox, 'alphapo', { foreign_id: '<img src=x onerror=alert(1)>' });
      const page = (await html(`${sandbox.url}/`)).text;
      expect(page).not.toContain('<img src=x');
      expect(page).toContain('&#60;img src=x onerror=alert(1)&#62;');
      expect(page).toContain('No webhook sent yet.');
    }));
});
