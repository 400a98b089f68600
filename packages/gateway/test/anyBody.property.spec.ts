import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import {
  createProvider,
  signCallback,
  signPostbackToken,
  type InvoiceProvider,
  type WebhookRequest,
} from '../src';
import type { HttpTransport } from '@invoicekit/core/adapter';
import { order } from './support';

const COINSPAID_FAMILY = ['cryptoprocessing', 'alphapo', 'coinspaid'] as const;
const CP_SECRET = 'property-secret-0123';
const CC_SECRET = 'property-cc-secret-0123';

/** Documented shapes the arbitrary bodies are grown from, so decoders are reached, not only the parser. */
const COINSPAID_CREATE = {
  data: {
    id: 826900,
    url: 'https://invoices.test/a',
    foreign_id: 'order-1',
    status: 'created',
    currency: 'EUR',
    amount: '100.00000000',
  },
};
const COINSPAID_CALLBACK = {
  id: 3101,
  foreign_id: 'order-1',
  type: 'invoice',
  currency_sent: { currency: 'BTC', amount: '0.00129400', remaining_amount: '0.00000000' },
  currency_received: { currency: 'EUR', amount: '100.00000000' },
  transactions: [{ id: 1, currency: 'BTC', amount: '0.001294', txid: 'ab', confirmations: '2' }],
  error: '',
  status: 'confirmed',
};
const CRYPTOCLOUD_INVOICE = {
  uuid: 'INV-89UX09KA',
  status: 'paid',
  link: 'https://pay.cryptocloud.plus/89UX09KA',
  amount_in_fiat: 100.0,
  fiat_currency: 'USD',
  amount: 0.034187,
  amount_paid: 0.034187,
  currency: { code: 'ETH', fullcode: 'ETH', network: { code: 'ERC20' } },
  order_id: 'order-1',
  test_mode: false,
};
const CRYPTOCLOUD_ENVELOPE = { status: 'success', result: CRYPTOCLOUD_INVOICE };
const CRYPTOCLOUD_LIST = { status: 'success', result: [CRYPTOCLOUD_INVOICE] };
const CRYPTOCLOUD_POSTBACK = {
  status: 'success',
  invoice_id: '89UX09KA',
  amount_crypto: 0.034187,
  currency: 'ETH',
  order_id: 'order-1',
  invoice_info: CRYPTOCLOUD_INVOICE,
};

type Json = unknown;

const setAt = (value: Json, path: ReadonlyArray<number>, replacement: Json): Json => {
  if (path.length === 0 || typeof value !== 'object' || value === null) return replacement;
  const entries = Object.entries(value);
  if (entries.length === 0) return replacement;
  const index = path[0]! % entries.length;
  const [key, child] = entries[index]!;
  const next = setAt(child, path.slice(1), replacement);
  return Array.isArray(value)
    ? value.map((item, i) => (i === index ? next : item))
    : { ...(value as object), [key]: next };
};

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Any JSON text: documented shapes with one part replaced, free JSON, `__proto__` members, deep nesting. */
const bodyGrownFrom = (base: Json): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .tuple(fc.array(fc.nat(), { maxLength: 4 }), fc.jsonValue({ maxDepth: 3 }))
      .map(([path, replacement]) => JSON.stringify(setAt(base, path, replacement))),
    fc.json({ maxDepth: 4 }),
    fc
      .jsonValue({ maxDepth: 2 })
      .map((inner) => JSON.stringify(base).replace('{', `{"__proto__":${JSON.stringify(inner) ?? 'null'},`)),
    fc
      .integer({ min: 60, max: 6000 })
      .map((depth) => JSON.stringify(base).replace('{', `{"deep":${nested(depth)},`)),
    fc.constantFrom('1e999999999', `{"amount":${'9'.repeat(400)}}`, '{"a":1,"a":2}', ''),
  );

const STATUSES = fc.constantFrom(200, 201, 400, 401, 403, 404, 429, 500);

const answering =
  (status: number, body: string): HttpTransport =>
  () =>
    TE.right({ status, headers: { 'retry-after': '9'.repeat(400) }, body });

/** Every object reachable from `value` is a plain object, an array or a `Date`: nothing took a prototype from input. */
const onlyPlainData = (value: unknown): boolean => {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== 'object' || item === null) continue;
    if (item instanceof Date) continue;
    const proto = Object.getPrototypeOf(item);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false;
    stack.push(...Object.values(item));
  }
  return true;
};

const settlesAsPlainEither = async (run: () => TE.TaskEither<unknown, unknown>): Promise<void> => {
  const result = await run()();
  expect(E.isLeft(result) || E.isRight(result)).toBe(true);
  expect(onlyPlainData(E.isRight(result) ? result.right : result.left)).toBe(true);
};

const coinspaid = (
  provider: (typeof COINSPAID_FAMILY)[number],
  transport: HttpTransport,
): InvoiceProvider => {
  const built = createProvider(
    { provider, apiKey: 'property-key-0123', secretKey: CP_SECRET, baseUrl: 'https://cp.test/api/v2' },
    { transport },
  );
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right;
};

const cryptocloud = (transport: HttpTransport) => {
  const built = createProvider(
    { provider: 'cryptocloud', apiKey: 'property-cc-key', shopId: 'shop-0123', secretKey: CC_SECRET },
    { transport },
  );
  if (E.isLeft(built)) throw new Error(built.left.message);
  return built.right as InvoiceProvider & {
    listInvoices(query: { from: Date; to: Date }): TE.TaskEither<unknown, unknown>;
  };
};

const RUNS = { numRuns: 60 };

describe.each(COINSPAID_FAMILY)('%s on any JSON body', (preset) => {
  it('settles createInvoice as an Either of plain data', async () => {
    await fc.assert(
      fc.asyncProperty(STATUSES, bodyGrownFrom(COINSPAID_CREATE), async (status, body) => {
        await settlesAsPlainEither(() => coinspaid(preset, answering(status, body)).createInvoice(order));
      }),
      RUNS,
    );
  });

  it('settles parseWebhook of any correctly signed body as an Either of plain data', async () => {
    await fc.assert(
      fc.asyncProperty(bodyGrownFrom(COINSPAID_CALLBACK), async (body) => {
        const request: WebhookRequest = {
          headers: {
            'X-Processing-Key': 'property-key-0123',
            'X-Processing-Signature': signCallback(body, CP_SECRET),
          },
          body,
        };
        await settlesAsPlainEither(() => coinspaid(preset, answering(200, '{}')).parseWebhook(request));
      }),
      RUNS,
    );
  });
});

describe('cryptocloud on any JSON body', () => {
  it('settles createInvoice, getInvoice, cancelInvoice and listInvoices as Eithers of plain data', async () => {
    await fc.assert(
      fc.asyncProperty(
        STATUSES,
        fc.oneof(bodyGrownFrom(CRYPTOCLOUD_ENVELOPE), bodyGrownFrom(CRYPTOCLOUD_LIST)),
        async (status, body) => {
          const provider = cryptocloud(answering(status, body));
          await settlesAsPlainEither(() => provider.createInvoice({ ...order, currency: 'USD' }));
          await settlesAsPlainEither(() => provider.getInvoice('INV-89UX09KA'));
          await settlesAsPlainEither(() => provider.cancelInvoice('INV-89UX09KA'));
          await settlesAsPlainEither(() =>
            provider.listInvoices({ from: new Date('2026-01-01'), to: new Date('2026-01-31') }),
          );
        },
      ),
      RUNS,
    );
  });

  it('settles parseWebhook of any body carrying a valid token, confirmed against any answer', async () => {
    const token = await signPostbackToken('89UX09KA', CC_SECRET);
    await fc.assert(
      fc.asyncProperty(
        bodyGrownFrom(CRYPTOCLOUD_POSTBACK),
        STATUSES,
        fc.oneof(bodyGrownFrom(CRYPTOCLOUD_LIST), fc.json({ maxDepth: 3 })),
        async (postback, status, infoBody) => {
          const body =
            postback.startsWith('{') && postback.length > 2
              ? postback.replace('{', `{"token":"${token}",`)
              : postback;
          const request: WebhookRequest = { headers: { 'Content-Type': 'application/json' }, body };
          await settlesAsPlainEither(() => cryptocloud(answering(status, infoBody)).parseWebhook(request));
        },
      ),
      RUNS,
    );
  });
});
