import type { SandboxProviderId } from '../src';

/** The CoinsPaid platform's brands, which share one emulator. */
export const COINSPAID_FAMILY: ReadonlyArray<string> = ['cryptoprocessing', 'alphapo', 'coinspaid'];

const SHOP_PAGES = { success: 'https://shop.example/ok', failure: 'https://shop.example/no' };

/**
 * A canonical create request of 10 USD that `id`'s adapter accepts as it stands: the CoinsPaid platform
 * needs a title, redirect URLs, the customer's e-mail, reference and sender, and pays in BTC on the
 * 15-minute timer; NOWPayments pays in BTC at once.
 */
export const adapterRequest = (
  id: SandboxProviderId,
  orderId: string,
  redirectUrls?: { readonly success: string; readonly failure: string },
): Record<string, unknown> => ({
  orderId,
  amount: '10',
  currency: 'USD',
  ...(redirectUrls === undefined ? {} : { redirectUrls }),
  ...(COINSPAID_FAMILY.includes(id)
    ? {
        title: 'Sandbox test',
        payCurrency: 'BTC',
        expiresInMinutes: 15,
        redirectUrls: redirectUrls ?? SHOP_PAGES,
        customer: {
          email: 'buyer@shop.example',
          reference: 'customer-1',
          sender: { type: 'natural', firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-01-01' },
        },
      }
    : id === 'nowpayments'
      ? { payCurrency: 'BTC' }
      : {}),
});

/** A local shop's return pages for one order. */
export const shopPages = (shop: string, orderId: string) => ({
  success: `${shop}/thanks?order=${orderId}`,
  failure: `${shop}/sorry?order=${orderId}`,
});
