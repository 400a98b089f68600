import * as E from 'fp-ts/Either';
import { createProvider, type ProviderConfig } from '@invoicekit/gateway';
import type { SandboxProviderId } from '../src';
import { CRYPTOCLOUD_PROJECT_PAGES } from '../src/cryptocloud/invoice';
import { PROVIDER_IDS } from '../src/emulators';
import { REDIRECT_SECONDS } from '../src/pages';
import { adapterRequest, shopPages } from './adapterRequest';
import { startHarness, type Harness } from './e2e/support';
import { get, startReceiver, type Receiver } from './helpers';

/** What a customer's browser does with a hosted page: the automatic redirect, the return link, or neither. */
const returnOf = (html: string): { readonly automatic: string | null; readonly link: string | null } => {
  const refresh = /<meta http-equiv="refresh" content="(\d+);url=([^"]+)">/.exec(html);
  if (refresh !== null) expect(refresh[1]).toBe(String(REDIRECT_SECONDS));
  const link = /<a id="return" href="([^"]+)">/.exec(html);
  const unescape = (s: string) =>
    s.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
  return {
    automatic: refresh === null ? null : unescape(refresh[2]!),
    link: link === null ? null : unescape(link[1]!),
  };
};

// Each provider's documented return: CoinsPaid platform and NOWPayments redirect by themselves
// (url_success/url_failed, success_url/cancel_url); BTCPay (redirectAutomatically defaults to the store's
// false) and Cryptomus/Heleket (url_success/url_return) show a button; CryptoCloud a button to the
// project's own success/fail pages.
const EXPECTED: Readonly<
  Record<
    SandboxProviderId,
    {
      readonly automatic: boolean;
      readonly paid: 'shop' | 'project';
      readonly expired: 'shop' | 'project' | null;
    }
  >
> = {
  cryptoprocessing: { automatic: true, paid: 'shop', expired: 'shop' },
  alphapo: { automatic: true, paid: 'shop', expired: 'shop' },
  coinspaid: { automatic: true, paid: 'shop', expired: 'shop' },
  cryptocloud: { automatic: false, paid: 'project', expired: 'project' },
  cryptomus: { automatic: false, paid: 'shop', expired: 'shop' },
  heleket: { automatic: false, paid: 'shop', expired: 'shop' },
  btcpay: { automatic: false, paid: 'shop', expired: null },
  nowpayments: { automatic: true, paid: 'shop', expired: 'shop' },
};

describe('the customer’s return to the shop, over real HTTP, on every emulator', () => {
  let harness: Harness;
  let shop: Receiver;

  beforeAll(async () => {
    harness = await startHarness({ retryDelaysMs: [] });
    shop = await startReceiver();
  });

  afterAll(async () => {
    await harness.close();
    await shop.close();
  });

  const create = async (id: SandboxProviderId, orderId: string) => {
    const created = await harness
      .provider(id)
      .createInvoice(adapterRequest(id, orderId, shopPages(shop.url, orderId)) as never)();
    if (E.isLeft(created)) throw new Error(created.left.message);
    const state = harness.sandbox.invoices(id).at(-1);
    if (state === undefined) throw new Error(`no ${id} invoice`);
    return state;
  };

  /** Follows what the page offers, as the customer would, and returns the shop path it reached. */
  const follow = async (url: string): Promise<string> => {
    const before = shop.received.length;
    await get(url);
    return shop.received.slice(before).map((r) => r.path)[0] ?? '(nothing reached the shop)';
  };

  it.each(PROVIDER_IDS)('%s: paid in full, the page leads to the success URL', async (id) => {
    const orderId = `ret-paid-${id}`;
    const state = await create(id, orderId);
    const open = returnOf((await get(state.url)).text);
    expect(open.automatic).toBeNull();
    await harness.sandbox.pay(id, state.id, 'full');
    const paid = returnOf((await get(state.url)).text);
    const expected = EXPECTED[id];
    const target = expected.automatic ? paid.automatic : paid.link;
    expect(paid.link).toBe(target);
    if (expected.automatic) expect(paid.automatic).not.toBeNull();
    else expect(paid.automatic).toBeNull();
    if (expected.paid === 'project') expect(target).toBe(CRYPTOCLOUD_PROJECT_PAGES.success);
    else expect(await follow(target!)).toBe(`/thanks?order=${orderId}`);
  });

  it.each(PROVIDER_IDS)(
    '%s: expired unpaid, the page leads to the failure URL where the provider has one',
    async (id) => {
      const orderId = `ret-expired-${id}`;
      const state = await create(id, orderId);
      await harness.sandbox.expire(id, state.id);
      const expired = returnOf((await get(state.url)).text);
      const expected = EXPECTED[id];
      const target = expected.automatic ? expired.automatic : expired.link;
      if (expected.expired === null) {
        expect(expired).toEqual({ automatic: null, link: null });
        return;
      }
      expect(expired.link).toBe(target);
      if (expected.expired === 'project') expect(target).toBe(CRYPTOCLOUD_PROJECT_PAGES.fail);
      else expect(await follow(target!)).toBe(`/sorry?order=${orderId}`);
    },
  );

  it('offers Cryptomus’ url_return before paying, as its payment form does', async () => {
    const state = await create('cryptomus', 'ret-open-cryptomus');
    const open = returnOf((await get(state.url)).text);
    expect(open).toEqual({ automatic: null, link: `${shop.url}/sorry?order=ret-open-cryptomus` });
  });

  it('keeps refusing loopback redirect URLs for an adapter pointed at a real provider', async () => {
    const built = createProvider({
      ...harness.sandbox.credentials.nowpayments,
      provider: 'nowpayments',
      environment: 'sandbox',
      baseUrl: 'https://api-sandbox.nowpayments.io',
    } as ProviderConfig);
    if (E.isLeft(built)) throw new Error(built.left.message);
    const refused = await built.right.createInvoice(
      adapterRequest('nowpayments', 'ret-real', shopPages(shop.url, 'ret-real')) as never,
    )();
    expect(E.isLeft(refused) && refused.left._tag).toBe('InvalidRequest');
    expect(E.isLeft(refused) && refused.left.message).toMatch(
      /redirectUrls\.success: must be an https URL on a domain name \(not an IP address or localhost\)/,
    );
  });
});
