/**
 * The dashboard and the hosted pages in a real browser: headless Debian Chromium driven by
 * playwright-core. Screenshots of fixed data are compared with the baselines in test/screenshots;
 * after an intended change, write new ones with
 *   UPDATE_SCREENSHOTS=1 pnpm exec jest packages/sandbox/test/dashboard.browser.spec.ts
 * and check them in (a failed comparison leaves the actual image and a difference map in
 * $SCREENSHOT_ARTIFACTS, by default $TMPDIR/invoicekit-screenshots).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/Either';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import type { SandboxProviderId } from '../src';
import { dashboardMain, dashboardPage } from '../src/dashboardView';
import { PROVIDER_IDS } from '../src/emulators';
import { invoicePage } from '../src/pages';
import { launchChromium, PINNED_FONTS } from './browser/chromium';
import { DASHBOARD_FIXTURE, FIXTURE_NOW_MS, PAID_INVOICE, PARTIAL_INVOICE } from './browser/fixture';
import { comparePng, matchBaseline } from './browser/screenshots';
import { adapterRequest, shopPages } from './adapterRequest';
import { startHarness, type Harness } from './e2e/support';
import { startReceiver, type Receiver } from './helpers';

jest.setTimeout(60_000);

/** Serves fixed pages: path → HTML. */
const serve = async (pages: Readonly<Record<string, string>>): Promise<{ url: string; server: Server }> => {
  const server = createServer((req, res) => {
    const page = pages[(req.url ?? '/').split('?')[0] ?? '/'];
    res
      .writeHead(page === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' })
      .end(page ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
};

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const newPage = async (): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  return context.newPage();
};

const screenshot = async (page: Page): Promise<Buffer> => {
  await page.addStyleTag({ content: PINNED_FONTS });
  await page.evaluate('document.fonts.ready');
  return page.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
};

describe('screenshots of fixed data, compared with the checked-in baselines', () => {
  let fixed: { url: string; server: Server };

  beforeAll(async () => {
    fixed = await serve({
      '/': dashboardPage(DASHBOARD_FIXTURE),
      '/_sandbox/dashboard': dashboardMain(DASHBOARD_FIXTURE),
      '/paid': invoicePage(
        PAID_INVOICE,
        'paid',
        { name: 'Cryptomus', pageKinds: ['full', 'partial', 'over'] },
        FIXTURE_NOW_MS,
      ),
      '/partial': invoicePage(
        PARTIAL_INVOICE,
        'partial',
        { name: 'CryptoCloud', pageKinds: ['full', 'partial', 'over'] },
        FIXTURE_NOW_MS,
      ),
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => fixed.server.close(resolve));
  });

  it('dashboard: invoices with both statuses, deliveries, one opened with its headers and body', async () => {
    const page = await newPage();
    await page.goto(`${fixed.url}/`);
    await page.click('#delivery-dlv_3 summary', { position: { x: 5, y: 5 } });
    expect(await page.locator('#delivery-dlv_3').getAttribute('open')).not.toBeNull();
    matchBaseline('dashboard', await screenshot(page));
    await page.context().close();
  });

  it('hosted page of a paid invoice: 0 left, canonical status, no clock, the way back to the shop', async () => {
    const page = await newPage();
    await page.goto(`${fixed.url}/paid`);
    expect(await page.textContent('#pay-amount-label')).toBe('Left unpaid');
    expect(await page.textContent('#countdown')).toBe('closed');
    matchBaseline('page-paid', await screenshot(page));
    await page.context().close();
  });

  it('hosted page of a part-paid invoice: what is left, the buttons', async () => {
    const page = await newPage();
    await page.clock.setFixedTime(FIXTURE_NOW_MS);
    await page.goto(`${fixed.url}/partial`);
    expect(await page.textContent('#countdown')).toBe('23h 52m 00s');
    matchBaseline('page-partial', await screenshot(page));
    await page.context().close();
  });
});

describe('screenshot comparison', () => {
  const solid = (width: number, height: number, grey: number): PNG => {
    const png = new PNG({ width, height });
    png.data.fill(grey);
    for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
    return png;
  };

  it('counts pixels whose channels moved more than the threshold, and every pixel outside a smaller image', () => {
    const base = solid(10, 10, 100);
    const shifted = solid(10, 10, 100);
    shifted.data[0] = 130;
    shifted.data[4] = 200;
    expect(comparePng(shifted, base, 48).differing).toBe(1);
    expect(comparePng(shifted, base, 20).differing).toBe(2);
    const smaller = comparePng(solid(10, 9, 100), base, 48);
    expect([smaller.sameSize, smaller.differing]).toEqual([false, 10]);
  });
});

describe('live sandbox in the browser, every emulator', () => {
  let harness: Harness;
  let shop: Receiver;

  beforeAll(async () => {
    harness = await startHarness({ retryDelaysMs: [] });
    shop = await startReceiver();
  });

  afterAll(async () => {
    await harness?.close();
    await shop?.close();
  });

  const create = async (id: SandboxProviderId, orderId: string) => {
    const created = await harness
      .provider(id)
      .createInvoice(adapterRequest(id, orderId, shopPages(shop.url, orderId)) as never)();
    if (E.isLeft(created)) throw new Error(created.left.message);
    return harness.sandbox.invoices(id).at(-1)!;
  };

  it('pays, expires and resends through the dashboard’s buttons and shows each change', async () => {
    const states = await Promise.all(
      PROVIDER_IDS.map(async (id) => [id, await create(id, `browser-${id}`)] as const),
    );
    const page = await newPage();
    await page.goto(`${harness.sandbox.url}/`);
    for (const [id, state] of states) {
      const row = page.locator(`tr[data-invoice="${id}/${state.id}"]`);
      await row.getByRole('button', { name: 'Pay', exact: true }).click();
      await row
        .locator('[data-canonical]')
        .filter({ hasText: /^(paid|processing)$/ })
        .waitFor();
      expect(await row.locator('[data-remaining]').textContent()).toMatch(/^0\.0+$/);
      expect(await row.getByRole('button', { name: 'Expire' }).count()).toBe(0);
    }
    const other = await create('cryptocloud', 'browser-expire');
    const row = page.locator(`tr[data-invoice="cryptocloud/${other.id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: 'Expire' }).click();
    await row
      .locator('[data-canonical]')
      .filter({ hasText: /^expired$/ })
      .waitFor();

    await harness.sandbox.idle();
    const first = harness.sandbox.deliveries()[0]!;
    await page.locator(`#delivery-${first.id} summary button`).click();
    await page.getByText(`resend of ${first.id}`).waitFor();
    const copy = harness.sandbox.deliveries().find((d) => d.resendOf === first.id);
    expect(copy?.body).toBe(first.body);
    expect(await page.locator('#error').textContent()).toBe('');
    await page.context().close();
  });

  it('refreshes a hosted page as its invoice is paid elsewhere, then takes the customer back to the shop', async () => {
    const state = await create('nowpayments', 'browser-return');
    const page = await newPage();
    await page.goto(state.url);
    expect(await page.textContent('#canonical-status')).toBe('pending');
    await harness.sandbox.pay('nowpayments', state.id, 'full');
    await page
      .locator('#canonical-status')
      .filter({ hasText: /^paid$/ })
      .waitFor();
    expect(await page.textContent('#pay-amount')).toMatch(/^0\.0+ btc$/i);
    await page.waitForURL(`${shop.url}/thanks?order=browser-return`, { timeout: 10_000 });
    expect(shop.received.map((r) => r.path)).toContain('/thanks?order=browser-return');
    await page.context().close();
  });
});
