import fc from 'fast-check';
import * as TE from 'fp-ts/TaskEither';
import { orderEveryProviderAccepts } from '@invoicekit/testkit';
import type { HttpTransport } from '@invoicekit/core/adapter';
import { PROVIDER_IDS, startSandbox, type Sandbox, type SandboxProviderId } from '../../src';
import { recorder, sandboxProvider } from './support';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({});
});
afterAll(() => sandbox.close());

/** Members this shop marks personal, besides the built-in ones. */
const SHOP_FIELDS = ['phone', 'Shipping_Address'];

/** A text no body holds by chance: what a leak check can look for. */
const distinct = (prefix: string) => fc.stringMatching(/^[A-Za-z0-9]{8,16}$/).map((s) => `${prefix}${s}`);

/** The same credential shape with other characters: hex stays hex, letters stay letters, the rest stays. */
const reshaped = (template: string) =>
  fc.array(fc.nat(), { minLength: template.length, maxLength: template.length }).map((picks) =>
    [...template]
      .map((c, i) => {
        const pick = picks[i]!;
        return /[0-9a-f]/.test(c)
          ? '0123456789abcdef'[pick % 16]
          : /[A-Z]/.test(c)
            ? String.fromCharCode(65 + (pick % 26))
            : /[g-z]/.test(c)
              ? String.fromCharCode(103 + (pick % 20))
              : c;
      })
      .join(''),
  );

/** Random credentials in the shapes the sandbox's own ones have (so the configuration is accepted). */
const credentialsFor = (id: SandboxProviderId) => {
  const { baseUrl: _, ...keys } = sandbox.credentials[id] as unknown as Record<string, unknown>;
  const btcpayStore = (name: string) => id === 'btcpay' && name === 'shopId';
  return fc.record(
    Object.fromEntries(
      Object.entries(keys).map(([name, value]) => [
        name,
        typeof value === 'string' && !btcpayStore(name) ? reshaped(value) : fc.constant(value),
      ]),
    ),
  );
};

const customer = fc.record({
  email: distinct('pii').map((s) => `${s}@shop.example`),
  firstName: distinct('First'),
  lastName: distinct('Last'),
});

/** A provider answer echoing what it was sent, the credentials, and personal members at any depth. */
const echoing =
  (
    status: number,
    secrets: ReadonlyArray<string>,
    personal: Readonly<Record<string, string>>,
  ): HttpTransport =>
  (request) =>
    TE.right({
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        echo: request.body,
        url: request.url,
        error: `bad key ${secrets.join(' ')}`,
        ...personal,
        nested: [{ customer: personal }],
      }),
    });

describe.each(PROVIDER_IDS)('%s: no credential or personal value in any hook event', (id) => {
  it('holds for random credentials, customers, shop-marked fields and answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        credentialsFor(id),
        customer,
        distinct('Phone'),
        distinct('Street'),
        fc.constantFrom(200, 201, 400, 401, 404, 429, 500),
        async (keys, person, phone, street, status) => {
          const seen = recorder();
          const secrets = Object.entries(keys)
            .filter(([name]) => !(id === 'btcpay' && name === 'shopId'))
            .flatMap(([, value]) => (typeof value === 'string' && value.length >= 4 ? [value] : []));
          const personal = {
            email: person.email,
            phone,
            Shipping_Address: street,
            first_name: person.firstName,
          };
          const provider = sandboxProvider(
            sandbox,
            id,
            { hooks: seen.hooks, personalFields: SHOP_FIELDS, transport: echoing(status, secrets, personal) },
            keys,
          );
          const request = orderEveryProviderAccepts('order-1', {
            customer: {
              reference: 'customer-77',
              email: person.email,
              sender: {
                type: 'natural',
                firstName: person.firstName,
                lastName: person.lastName,
                dateOfBirth: '1995-08-17',
              },
            },
          });
          await provider.createInvoice(request)();
          await provider.getInvoice({ id: 'INV-1', orderId: 'order-1' })();
          const text = seen.text();
          const leaks = [...secrets, person.email, person.firstName, person.lastName, phone, street].filter(
            (value) => text.includes(value),
          );
          return seen.requests.length > 0 && leaks.length === 0;
        },
      ),
      { numRuns: 25 },
    );
  });
});
