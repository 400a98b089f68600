import { runInNewContext } from 'node:vm';
import type { PageState } from '../src/pages';
import { startHarness } from './e2e/support';
import * as E from 'fp-ts/Either';
import {
  createCoinspaidInvoice,
  orderId,
  createCryptocloudInvoice,
  get,
  post,
  withReceiver,
  withSandbox,
} from './helpers';

/** Creates an invoice of `id` through its adapter and loads its hosted page. */
const openPage = async (
  id: 'cryptomus' | 'nowpayments',
  request: Record<string, unknown> = {},
): Promise<string> => {
  const harness = await startHarness();
  try {
    const created = await harness
      .provider(id)
      .createInvoice({ orderId: orderId(), amount: '10', currency: 'USD', ...request })();
    if (E.isLeft(created)) throw new Error(created.left.message);
    return (await get(created.right.paymentUrl)).text;
  } finally {
    await harness.close();
  }
};

/** A page button as the page's own script sees it. */
interface PageButton {
  readonly label: string;
  readonly dataset: { readonly action: string; readonly kind?: string };
  disabled: boolean;
  readonly clicks: Array<() => void>;
  addEventListener(type: string, listener: () => void): void;
}

/**
 * Runs the action script of the hosted page at `link` (loaded now, or `html` as loaded before) against
 * its buttons, clicks `label` and resolves with `reloaded` or the error the page shows. Its fetch sends
 * what a browser sends from the page: `Origin` and `Sec-Fetch-Site: same-origin`.
 */
const click = async (link: string, label: string, html?: string): Promise<string> => {
  const text = html ?? (await get(link)).text;
  const script = [...text.matchAll(/<script>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1] ?? '')
    .find((body) => body.includes('data-action'));
  if (script === undefined) throw new Error('the page has no action script');
  const buttons = [
    ...text.matchAll(
      /<button type="button" data-action="([^"]+)"(?: data-kind="([^"]+)")?>([^<]+)<\/button>/g,
    ),
  ].map(([, action = '', kind, name = '']): PageButton => ({
    label: name,
    dataset: kind === undefined ? { action } : { action, kind },
    disabled: false,
    clicks: [],
    addEventListener(type, listener) {
      if (type === 'click') this.clicks.push(listener);
    },
  }));
  const origin = new URL(link).origin;
  return new Promise<string>((resolve) => {
    const error = {
      set textContent(text: string) {
        if (text !== '') resolve(text);
      },
    };
    const browserFetch = (path: string, init: RequestInit) =>
      fetch(new URL(path, link), {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          Origin: origin,
          'Sec-Fetch-Site': 'same-origin',
        },
      });
    runInNewContext(script, {
      document: {
        querySelectorAll: (selector: string) => (selector === 'button[data-action]' ? buttons : []),
        getElementById: (id: string) => (id === 'error' ? error : null),
      },
      location: { reload: () => resolve('reloaded') },
      fetch: browserFetch,
    });
    const button = buttons.find((b) => b.label === label);
    if (button === undefined) throw new Error(`no button ${label}`);
    button.clicks.forEach((listener) => listener());
  });
};

describe('hosted invoice page', () => {
  it('shows amount, pay currency, address, status, countdown and the four buttons', async () =>
    withSandbox({}, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', {
        timer: true,
        sender_currency: 'BTC',
      });
      const page = await get(String(data['url']));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain(`${String(data['sender_amount'])} BTC`);
      expect(page.text).toContain(String(data['address']));
      expect(page.text).toContain('id="status">pending<');
      expect(page.text).toContain('id="countdown"');
      for (const kind of ['full', 'partial', 'over', 'unconfirmed'])
        expect(page.text).toContain(`data-kind="${kind}"`);
      expect(page.text).toContain('Let it expire');
      expect(page.text).not.toContain('<form');
      const cc = await get(String((await createCryptocloudInvoice(sandbox))['link']));
      expect(cc.text).toContain('data-kind="over"');
      expect(cc.text).not.toContain('data-kind="unconfirmed"');
    }));

  it('pays and expires through its buttons, delivering the webhook and showing the new state', async () =>
    withReceiver({}, async (sandbox, receiver) => {
      const invoice = await createCryptocloudInvoice(sandbox, { add_fields: { cryptocurrency: 'BTC' } });
      const link = String(invoice['link']);
      expect(await click(link, 'Pay part')).toBe('reloaded');
      expect(sandbox.invoice('cryptocloud', String(invoice['uuid']))?.status).toBe('partial');
      expect(receiver.received).toHaveLength(1);
      expect((await get(link)).text).toContain('id="status">partial<');
      expect(await click(link, 'Let it expire')).toBe('reloaded');
      const closed = await get(link);
      expect(closed.text).toContain('This invoice is closed.');
      expect(closed.text).not.toContain('data-kind');
    }));

  it('shows the refusal when a button acts on an invoice closed meanwhile', async () =>
    withSandbox({}, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'alphapo');
      const link = String(data['url']);
      const stale = await get(link);
      expect(stale.text).toContain('data-kind="full"');
      await sandbox.expire('alphapo', String(data['id']));
      const res = await post(`${link}/pay`, '{"kind":"full"}', { 'Content-Type': 'application/json' });
      expect(res.status).toBe(409);
      const { error } = res.json as { error: string };
      expect(error).toMatch(/\S/);
      expect(await click(link, 'Pay in full', stale.text)).toBe(error);
      expect(sandbox.invoice('alphapo', String(data['id']))?.status).toBe('failed');
    }));

  it('labels the amount left to pay, shows the canonical status beside the provider word and stops the clock once closed', async () =>
    withSandbox({}, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'cryptoprocessing', {
        timer: true,
        sender_currency: 'BTC',
      });
      const link = String(data['url']);
      const open = (await get(link)).text;
      expect(open).toContain('id="pay-amount-label">Left to pay<');
      expect(open).toContain('id="canonical-status">pending<');
      expect(open).toMatch(/var end=\d+;/);
      await sandbox.pay('cryptoprocessing', String(data['id']), 'full');
      const paid = (await get(link)).text;
      expect(paid).toContain('id="pay-amount-label">Left unpaid<');
      expect(paid).toContain('id="pay-amount">0.00000000 BTC<');
      expect(paid).toContain(
        'id="canonical-status">paid</span> <span class="word">CryptoProcessing: <span id="status">confirmed</span>',
      );
      expect(paid).toContain('id="countdown">closed<');
      expect(paid).toContain('var end=null;');
      expect(paid).toContain('This invoice is closed.');
    }));

  it('offers the pay buttons on every open provider word (Cryptomus check, NOWPayments waiting)', async () => {
    const cryptomus = await openPage('cryptomus');
    expect(cryptomus).toContain('id="status">check<');
    expect(cryptomus).toContain('data-kind="full"');
    const nowpayments = await openPage('nowpayments', { payCurrency: 'BTC' });
    expect(nowpayments).toContain('id="status">waiting<');
    expect(nowpayments).toContain('data-kind="over"');
  });

  it('answers the state the page polls: provider state, canonical status and the sandbox clock', async () =>
    withSandbox({}, async (sandbox) => {
      const invoice = await createCryptocloudInvoice(sandbox);
      const link = String(invoice['link']);
      const before = (await get(`${link}/state`)).json as PageState;
      expect(before.canonical).toBe('created');
      await sandbox.pay('cryptocloud', String(invoice['uuid']), 'over');
      await sandbox.advance(60_000);
      const after = (await get(`${link}/state`)).json as PageState;
      expect(after.state.status).toBe('overpaid');
      expect(after.canonical).toBe('overpaid');
      expect(after.nowMs - sandbox.now().getTime()).toBeLessThanOrEqual(0);
      expect(after.nowMs - before.nowMs).toBeGreaterThanOrEqual(60_000);
      expect((await get(`${sandbox.url}/pay/cryptocloud/nothing/state`)).status).toBe(404);
    }));

  it('answers an unknown invoice with 404', async () =>
    withSandbox({}, async (sandbox) => {
      expect((await get(`${sandbox.url}/pay/alphapo/nothing`)).status).toBe(404);
      expect((await get(`${sandbox.url}/pay/paypal/nothing`)).status).toBe(404);
    }));

  it('escapes merchant text', async () =>
    withSandbox({}, async (sandbox) => {
      const data = await createCoinspaidInvoice(sandbox, 'alphapo', {
        foreign_id: '<script>alert(1)</script>',
      });
      const page = await get(String(data['url']));
      expect(page.text).not.toContain('<script>alert(1)</script>');
      expect(page.text).toContain('&#60;script&#62;');
    }));
});
