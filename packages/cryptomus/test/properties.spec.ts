import { createHash } from 'node:crypto';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { makeProvider, API_KEY, webhookOf } from './helpers';

/** md5(base64(text) + key), written here apart from the adapter's own signer. */
const md5Sign = (text: string, key: string): string =>
  createHash('md5')
    .update(Buffer.from(text, 'utf8').toString('base64') + key)
    .digest('hex');

/** What a PHP server writes with json_encode($data, JSON_UNESCAPED_UNICODE), built from JSON.stringify. */
const phpStyle = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** Appends `"sign":"…"` as the last member, as the providers' servers do. */
const withSign = (unsigned: string, sign: string): string => `${unsigned.slice(0, -1)},"sign":"${sign}"}`;

// Text with slashes, URLs and any Unicode but control characters, whose escapes JSON allows in two
// spellings (\u001f and \u001F) that PHP decodes to the same data.
const text = fc.string({
  unit: fc.constantFrom('/', 'a', 'Z', '9', ' ', '"', '\\', 'é', 'Ж', '₿', '😀', '\u2028', ':', '.', '-'),
});
const longDecimal = fc
  .tuple(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 0n, max: 10n ** 30n }))
  .map(([whole, fraction]) => `${whole}.${fraction.toString().padStart(30, '0')}`);
const url = fc.webUrl().map((u) => `${u}/pay/${'x'.repeat(3)}`);
const leaf = fc.oneof(
  text,
  longDecimal,
  url,
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: 0, max: 1e9 }),
);
const extra = fc.dictionary(
  fc.string({ unit: fc.constantFrom('a', 'b', '_', 'x'), minLength: 1 }).filter((k) => k !== 'sign'),
  fc.oneof(
    leaf,
    fc.dictionary(fc.constantFrom('to_currency', 'rate', 'amount', 'note'), leaf, { minKeys: 1 }),
  ),
);

const payload = fc
  .tuple(
    fc.record({
      uuid: fc.uuid(),
      order_id: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
      amount: longDecimal,
      payment_amount: longDecimal,
      status: fc.constantFrom('paid', 'paid_over', 'check', 'wrong_amount_waiting'),
      currency: fc.constantFrom('USD', 'EUR'),
      payer_currency: fc.constantFrom('USDT', 'BTC'),
      url,
      additional_data: text,
    }),
    extra,
  )
  .map(([fields, more]) => ({ type: 'payment', ...more, ...fields }));

type Recipe = readonly [name: string, sign: (fields: object) => string];

/** A body each accepted recipe verifies: PHP's own bytes, and bytes a proxy re-wrote with raw slashes. */
const RECIPES: ReadonlyArray<Recipe> = [
  ['php (PHP-encoded body)', (fields) => withSign(phpStyle(fields), md5Sign(phpStyle(fields), API_KEY))],
  [
    'raw (slashes left unescaped)',
    (fields) => withSign(JSON.stringify(fields), md5Sign(JSON.stringify(fields), API_KEY)),
  ],
];

const provider = makeProvider();
const accepts = async (body: Buffer): Promise<boolean> =>
  E.isRight(await provider.parseWebhook(webhookOf(body))());

describe.each(RECIPES)('any JSON body signed under the %s recipe', (_label, sign) => {
  it('verifies, and a change to any one byte outside "sign" is refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        payload,
        fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 1, max: 255 }),
        async (fields, picks, delta) => {
          const body = Buffer.from(sign(fields), 'utf8');
          expect(await accepts(body)).toBe(true);
          const signAt = body.lastIndexOf(',"sign":"');
          for (const pick of picks) {
            const at = pick % (signAt + 1) === signAt ? body.length - 1 : pick % (signAt + 1);
            const changed = Buffer.from(body);
            changed[at] = (changed[at]! + delta) % 256;
            expect(await accepts(changed)).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
