import { createHash } from 'node:crypto';
import * as E from 'fp-ts/Either';
import { parseJsonLossless } from '@invoicekit/core/adapter';
import { expectLeftTag, expectRight } from '@invoicekit/testkit';
import { signBody, signWebhook } from '../src';
import { phpJsonEncode, phpJsonString } from '../src/phpJson';
import { topLevelMembers } from '../src/rawMembers';
import { matchingRecipes, SIGNED_TEXT, type SignedBody } from '../src/signature';
import { fixtures, makeProvider, webhookOf } from './helpers';

const text = (name: string, field: string): string => fixtures.text(name, field);

const signedBody = (bodyText: string): SignedBody => {
  const value = expectRight(parseJsonLossless(bodyText)) as Record<string, unknown>;
  return { text: bodyText, value, members: topLevelMembers(bodyText) ?? [], sign: String(value.sign) };
};

describe('request signing: md5(base64(body) + key)', () => {
  it.each(['vector.sign.empty', 'vector.sign.body'])('reproduces the SDK vector %s', (name) => {
    expect(signBody(fixtures.body(name), text(name, 'apiKey'))).toBe(text(name, 'expected'));
  });

  it('signs the empty body as md5 of the key, the identity both SDKs pin', () => {
    const key = text('vector.sign.empty', 'apiKey');
    expect(signBody('', key)).toBe(createHash('md5').update(key).digest('hex'));
  });

  it('signs the exact bytes: the same data written with \\/ signs differently', () => {
    expect(signBody('{"url":"https:\\/\\/a"}', 'k')).not.toBe(signBody('{"url":"https://a"}', 'k'));
  });

  it('gives the documented examples the shape the docs show: 32 lower-case hex digits per merchant uuid', () => {
    for (const name of [
      'request.services.cryptomus',
      'request.services.heleket',
      'request.test-webhook.cryptomus',
    ]) {
      expect(text(name, 'sign')).toMatch(/^[0-9a-f]{32}$/);
      expect(signBody(fixtures.body(name), 'any-key')).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});

describe('webhook recipes', () => {
  it.each(['vector.webhook.php-style', 'vector.webhook.sign-first'])(
    'verifies the Go SDK vector %s under both recipes',
    (name) => {
      const body = signedBody(fixtures.body(name));
      expect(matchingRecipes(body, text(name, 'apiKey'))).toEqual(['php', 'raw']);
    },
  );

  it('refuses the SDK vectors with another key', () => {
    expect(matchingRecipes(signedBody(fixtures.body('vector.webhook.php-style')), 'a-different-key')).toEqual(
      [],
    );
  });

  it('keeps the omnipay-cryptomus wrong-sign fixture refused, through the adapter', async () => {
    const name = 'webhook.omnipay.wrong-sign';
    const provider = makeProvider({ apiKey: text(name, 'apiKey') });
    const result = await provider.parseWebhook(webhookOf(fixtures.body(name)))();
    expect(expectLeftTag(result, 'SignatureInvalid').message).toBe(
      'Webhook rejected: the "sign" member does not match the body under any accepted recipe: check apiKey ' +
        "(INVOICEKIT_API_KEY), the payment API key of this merchant's shopId",
    );
  });

  it('finds the omnipay fixture signed with its published key once its last hex digit is restored (PHP recipe only: the body is pretty-printed)', async () => {
    const name = 'webhook.omnipay.wrong-sign';
    const restored = fixtures
      .body(name)
      .replace(/"sign": "[0-9a-f]+"/, `"sign": "${text(name, 'correctSign')}"`);
    expect(matchingRecipes(signedBody(restored), text(name, 'apiKey'))).toEqual(['php']);
    const provider = makeProvider({ apiKey: text(name, 'apiKey') });
    const event = expectRight(await provider.parseWebhook(webhookOf(restored))());
    expect(event).toMatchObject({
      invoiceId: 'e1bf6e4a-4465-40b4-849e-60dfe7bced49',
      orderId: 'rGrIxUZFVknrFwbYvB',
      status: 'paid',
      received: { amount: '10', currency: 'USDT' },
    });
  });

  it('raw recipe keeps escapes and digits as received; PHP recipe re-escapes slashes a proxy unescaped', () => {
    const unsigned = '{"type":"payment","url":"https://x/y","n":1.50,"s":"\\u00e9"}';
    const body = signedBody(`${unsigned.slice(0, -1)},"sign":"${'0'.repeat(32)}"}`);
    expect(SIGNED_TEXT.raw(body)).toBe(unsigned);
    expect(SIGNED_TEXT.php(body)).toBe('{"type":"payment","url":"https:\\/\\/x\\/y","n":1.50,"s":"é"}');
  });

  it('PHP recipe does not apply to text PHP could not decode (an unpaired surrogate)', () => {
    expect(phpJsonEncode(expectRight(parseJsonLossless('{"a":"\\ud800"}')))).toBeNull();
  });
});

describe('phpJsonEncode: json_encode($v, JSON_UNESCAPED_UNICODE) after json_decode($body, true)', () => {
  it.each([
    ['slashes', 'a/b', '"a\\/b"'],
    ['quotes and backslashes', 'say "\\"', '"say \\"\\\\\\""'],
    ['control characters as lower-case \\u', '\u001f\n\t', '"\\u001f\\n\\t"'],
    ['line terminators', '\u2028\u2029', '"\\u2028\\u2029"'],
    ['raw Unicode', 'Müller ₿ 😀', '"Müller ₿ 😀"'],
  ])('writes %s as PHP does', (_label, input, expected) => {
    expect(phpJsonString(input)).toBe(expected);
  });

  it('writes objects PHP reads as lists as lists, others as objects in order', () => {
    const parse = (t: string) => expectRight(parseJsonLossless(t));
    expect(phpJsonEncode(parse('{"a":{},"b":{"0":"x","1":"y"},"c":{"1":"x"}}'))).toBe(
      '{"a":[],"b":["x","y"],"c":{"1":"x"}}',
    );
  });
});

describe('topLevelMembers', () => {
  it('reads each member as written, nested white space kept', () => {
    expect(topLevelMembers(' { "a" : { "b" : [1, "}"] } , "c":"\\"" } ')).toEqual([
      { key: 'a', keyText: '"a"', valueText: '{ "b" : [1, "}"] }' },
      { key: 'c', keyText: '"c"', valueText: '"\\""' },
    ]);
  });

  it.each(['[1]', '{"a":1', '{"a" 1}', '{"a":1}x', ''])('refuses %p', (input) => {
    expect(topLevelMembers(input)).toBeNull();
  });
});

describe('signWebhook (for merchants’ tests)', () => {
  it('appends sign as the last member, over the PHP-encoded fields', () => {
    const body = signWebhook(
      { type: 'payment', uuid: 'u1', status: 'paid', url: 'https://pay.heleket.com/pay/abc' },
      'webhook-secret',
    );
    expect(body).toBe(fixtures.body('vector.webhook.php-style'));
    expect(E.isRight(parseJsonLossless(body))).toBe(true);
  });
});
