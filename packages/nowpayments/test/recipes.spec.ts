import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { parseJsonLossless } from '@invoicekit/core/adapter';
import { SIGNATURE_RECIPES, serialiseFor, signWith, type SignatureRecipe } from '../src';
import { matchingRecipe } from '../src/signature';
import { fixtures } from './helpers';

const parse = (text: string): unknown => {
  const parsed = parseJsonLossless(text);
  if (E.isLeft(parsed)) throw new Error(parsed.left);
  return parsed.right;
};

/** NOWPayments' current Node example, verbatim apart from types. */
const sortObject = (obj: Record<string, unknown>): Record<string, unknown> =>
  Object.keys(obj)
    .sort()
    .reduce<Record<string, unknown>>((result, key) => {
      result[key] =
        obj[key] && typeof obj[key] === 'object' ? sortObject(obj[key] as Record<string, unknown>) : obj[key];
      return result;
    }, {});

interface Vector {
  readonly body: string;
  readonly recipe: SignatureRecipe;
  readonly secret: string;
  readonly signed: string;
  readonly signature: string;
}

const vectors = fixtures.list('signatureVectors') as unknown as ReadonlyArray<Vector>;

describe('the published recipes against the published IPN example (nested fee)', () => {
  it.each(vectors.map((v) => [v.body, v.recipe, v] as const))(
    '%s under %s gives the string and signature the official snippet gives',
    (_body, recipe, vector) => {
      const body = fixtures.parsed(vector.body);
      expect(serialiseFor(recipe, body)).toBe(vector.signed);
      expect(signWith(recipe, body, vector.secret)).toBe(vector.signature);
      expect(matchingRecipe(body, vector.signature, vector.secret)).not.toBeNull();
    },
  );

  it('keeps the nested fee under the recursive recipes and drops its keys under the replacer recipe', () => {
    const body = fixtures.parsed('ipn.payment');
    expect(serialiseFor('node-sort-object', body)).toContain(
      '"fee":{"currency":"btc","depositFee":0.09853637216235617,"serviceFee":0,"withdrawalFee":0}',
    );
    expect(serialiseFor('node-key-replacer', body)).toContain('"fee":{}');
    expect(serialiseFor('php-tksort', body)).toBe(serialiseFor('python-sort-keys', body));
    expect(serialiseFor('php-tksort', body)).toBe(serialiseFor('node-sort-object', body));
  });

  it('writes the PHP example as php-src json_encode would: \\u escapes, 1.0e-7, trailing zeros dropped, lists kept', () => {
    // Derived by hand from php-src ext/json/json_encoder.c and main/snprintf.c php_gcvt (serialize_precision -1); no PHP ran.
    expect(serialiseFor('php-tksort', fixtures.parsed('ipn.nested-unicode'))).toBe(
      '{"actually_paid":1.0e-7,"fee":{"currency":"btc","depositFee":0.09853637216235617,"serviceFee":0,"withdrawalFee":0},' +
        '"invoice_id":4522625843,"order_description":"Caf\\u00e9 cr\\u00e8me \\u2615 x 2","order_id":"RGDBP-21314",' +
        '"pay_amount":1.0e-7,"pay_currency":"btc","payment_extra_ids":[5513339153,5513339154],"payment_id":5077125051,' +
        '"payment_status":"partially_paid","price_amount":12.5,"price_currency":"eur"}',
    );
  });

  it('keeps the digits NOWPayments sent under the exact recipes', () => {
    const signed = serialiseFor('node-sort-object-exact', fixtures.parsed('ipn.nested-unicode'));
    expect(signed).toContain('"actually_paid":1e-7');
    expect(signed).toContain('"pay_amount":0.0000001');
    expect(signed).toContain('"price_amount":12.50');
    expect(signed).toContain('"order_description":"Café crème ☕ x 2"');
  });

  it('reproduces the Node example on bodies JavaScript reads exactly (arrays as objects, index keys first)', () => {
    const text = '{"b":[{"z":1,"10":2,"9":3}],"10":"x","a":{"é":null,"e":true},"n":-0.5,"m":1e21}';
    expect(serialiseFor('node-sort-object', parse(text))).toBe(JSON.stringify(sortObject(JSON.parse(text))));
    const params = JSON.parse(text) as Record<string, unknown>;
    expect(serialiseFor('node-key-replacer', parse(text))).toBe(
      JSON.stringify(params, Object.keys(params).sort()),
    );
  });

  it('writes PHP and Python number forms exactly at their thresholds', () => {
    const text =
      '{"a":0.0001,"b":0.00001,"c":1e16,"d":1e17,"e":15.0,"f":-0.0,"g":12345678901234567890,"h":"\\u007f"}';
    expect(serialiseFor('php-tksort', parse(text))).toBe(
      '{"a":0.0001,"b":1.0e-5,"c":10000000000000000,"d":1.0e+17,"e":15,"f":-0,"g":1.2345678901234567e+19,"h":"\u007f"}',
    );
    expect(serialiseFor('python-sort-keys', parse(text))).toBe(
      '{"a":0.0001,"b":1e-05,"c":1e+16,"d":1e+17,"e":15.0,"f":-0.0,"g":12345678901234567890,"h":"\\u007f"}',
    );
  });
});

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });

const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.tuple(fc.nat(99999), digits(10, 24)).map(([whole, fraction]) => `${whole}.${fraction}`),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -12, max: 25 })).map(([m, e]) => `${m}e${e}`),
);

const keyText = fc.string({ unit: 'grapheme', maxLength: 8 }).filter((key) => key !== '__proto__');
const stringText = fc.string({ unit: 'binary', maxLength: 12 }).map((s) => JSON.stringify(s));

const { value: jsonText } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('null', 'true', 'false'),
    numberText,
    stringText,
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .uniqueArray(fc.tuple(keyText, tie('value')), { maxLength: 5, selector: ([key]) => key })
      .map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
}));

const bodyText = fc
  .uniqueArray(fc.tuple(keyText, jsonText), { minLength: 1, maxLength: 8, selector: ([key]) => key })
  .map((members) => `{${members.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);

const SECRET = 'property-ipn-secret';

describe('any JSON body (nested objects, non-ASCII, long fractions)', () => {
  it('verifies a signature made by each published recipe, and refuses it for any other body', () => {
    fc.assert(
      fc.property(bodyText, bodyText, fc.constantFrom(...SIGNATURE_RECIPES), (text, otherText, recipe) => {
        const body = parse(text);
        const signature = signWith(recipe, body, SECRET);
        fc.pre(signature !== null);
        expect(matchingRecipe(body, signature!, SECRET)).not.toBeNull();
        expect(matchingRecipe(body, signature!, `${SECRET}x`)).toBeNull();
        const other = parse(otherText);
        const differs = SIGNATURE_RECIPES.every((r) => serialiseFor(r, other) !== serialiseFor(recipe, body));
        if (differs) expect(matchingRecipe(other, signature!, SECRET)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('refuses the signature after any one member of the body changes value', () => {
    fc.assert(
      fc.property(bodyText, fc.constantFrom(...SIGNATURE_RECIPES), (text, recipe) => {
        const body = parse(text) as Record<string, unknown>;
        const signature = signWith(recipe, body, SECRET);
        fc.pre(signature !== null);
        const key = Object.keys(body)[0]!;
        const changed = { ...body, [key]: body[key] === '\u0000changed' ? '\u0000other' : '\u0000changed' };
        expect(matchingRecipe(changed, signature!, SECRET)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });
});
