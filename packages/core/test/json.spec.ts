import { isDeepStrictEqual } from 'node:util';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { parse, stringify } from 'lossless-json';
import { expectRight } from '@invoicekit/testkit';
import { secret, type Decimal } from '../src';
import {
  decimalFromString,
  isLosslessNumber,
  LosslessNumber,
  MAX_JSON_DEPTH,
  parseJsonLossless,
  plainJson,
  plainJsonInPlace,
  stringifyJson,
  WireDecimalNumber,
  wireNumber,
} from '../src/adapter';

const d = (text: string): Decimal => expectRight(decimalFromString(text));

describe('stringifyJson and wireNumber', () => {
  it('writes a decimal as a JSON number with exactly its digits', () => {
    expect(stringifyJson({ amount: wireNumber(d('12345678.123456789')) })).toBe(
      '{"amount":12345678.123456789}',
    );
  });

  it('never rounds a tiny amount to a float form', () => {
    expect(stringifyJson({ amount: wireNumber(d('0.00000001')) })).toBe('{"amount":0.00000001}');
  });

  it('writes canonical decimals and very long fractions with every digit', () => {
    const amount = '100.000000000000000000000000000001';
    expect(stringifyJson([wireNumber(d('100.50')), wireNumber(d(amount))])).toBe(`[100.5,${amount}]`);
  });

  it('drops leading zeros a Decimal may carry so the JSON stays valid', () => {
    expect(stringifyJson({ amount: wireNumber('007.50' as Decimal) })).toBe('{"amount":7.50}');
  });

  it('writes strings with non-ASCII characters, nulls and booleans as JSON does', () => {
    const value = { name: 'Müller', note: 'a"b\n', none: null, ok: true, n: 3 };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
  });

  it('writes undefined as null and a Secret as [redacted]', () => {
    expect(stringifyJson(undefined)).toBe('null');
    expect(stringifyJson({ key: secret('sk_live_123') })).toBe('{"key":"[redacted]"}');
  });
});

describe('parseJsonLossless', () => {
  it('keeps every digit of every number', () => {
    const parsed = expectRight(
      parseJsonLossless('{"a":12345678.123456789,"b":[0.00000001,1.49e-06,100.00]}'),
    );
    expect(plainJson(parsed)).toEqual({ a: '12345678.123456789', b: ['0.00000001', '1.49e-06', '100.00'] });
  });

  it('returns numbers as LosslessNumber values', () => {
    const parsed = expectRight(parseJsonLossless('{"id":826900}')) as { id: unknown };
    expect(isLosslessNumber(parsed.id)).toBe(true);
    expect((parsed.id as LosslessNumber).value).toBe('826900');
  });

  it.each([
    ['an empty body', ''],
    ['text', 'Internal error'],
    ['truncated JSON', '{"a":1'],
    ['a duplicate key', '{"a":1,"a":2}'],
  ])('is Left with a reason for %s', (_label, text) => {
    const result = parseJsonLossless(text);
    expect(E.isLeft(result) && typeof result.left === 'string' && result.left.length > 0).toBe(true);
  });
});

describe('plainJson', () => {
  it('replaces nested LosslessNumbers with their digit text and keeps everything else', () => {
    const value = {
      n: new LosslessNumber('0.034187'),
      list: [new LosslessNumber('1'), 'x', null, { deep: new LosslessNumber('2e3') }],
      flag: false,
    };
    expect(plainJson(value)).toEqual({ n: '0.034187', list: ['1', 'x', null, { deep: '2e3' }], flag: false });
  });

  it('reads own keys only, as Object.keys lists them: an inherited member is neither copied nor replaced', () => {
    const inherited = Object.create({ parent: { n: new LosslessNumber('1') } }) as Record<string, unknown>;
    expect(plainJson(inherited)).toBe(inherited);
    inherited.own = new LosslessNumber('2');
    const plain = plainJson(inherited) as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['own']);
    expect(plain).toEqual({ own: '2' });
    expect(Object.prototype.hasOwnProperty.call(plain, 'parent')).toBe(false);
  });

  it('returns primitives unchanged', () => {
    expect(plainJsonInPlace('text')).toBe('text');
    expect(plainJsonInPlace(new LosslessNumber('7.0'))).toBe('7.0');
    expect(plainJson('text')).toBe('text');
    expect(plainJson(null)).toBeNull();
    expect(plainJson(7)).toBe(7);
  });
});

describe('plainJsonInPlace', () => {
  it('replaces nested LosslessNumbers where they stand and returns the value itself', () => {
    const list = [new LosslessNumber('1'), 'x', null, { deep: new LosslessNumber('2e3') }];
    const value = { n: new LosslessNumber('0.034187'), list, flag: false };
    expect(plainJsonInPlace(value)).toBe(value);
    expect(value).toEqual({ n: '0.034187', list: ['1', 'x', null, { deep: '2e3' }], flag: false });
    expect(value.list).toBe(list);
  });

  it('gives what plainJson gives of any parsed text (property)', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        fc.pre(!text.includes('__proto__'));
        const copied = plainJson(expectRight(parseJsonLossless(text)));
        expect(isDeepStrictEqual(plainJsonInPlace(expectRight(parseJsonLossless(text))), copied)).toBe(true);
      }),
    );
  });
});

describe('money round trip (property)', () => {
  const digits = (min: number, max: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });
  const decimalText = fc
    .tuple(digits(1, 30), fc.option(digits(1, 30), { nil: undefined }))
    .map(([integer, fraction]) => (fraction === undefined ? integer : `${integer}.${fraction}`));
  const canonical = (text: string) =>
    text
      .replace(/^0+(?=\d)/, '')
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');

  it('sends and reads back any decimal with every digit identical', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const decimal = expectRight(decimalFromString(text));
        const wire = stringifyJson({ amount: wireNumber(decimal) });
        const parsed = expectRight(parseJsonLossless(wire)) as { amount: unknown };
        expect(isLosslessNumber(parsed.amount)).toBe(true);
        expect(WireDecimalNumber.decode(parsed.amount)).toEqual(E.right(canonical(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('puts the exact digits on the wire', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        const wire = stringifyJson({ amount: wireNumber(expectRight(decimalFromString(text))) });
        expect(wire).toBe(`{"amount":${canonical(text)}}`);
      }),
    );
  });
});

describe('parseJsonLossless fast path', () => {
  const viaLosslessJson = (text: string) => plainJson(parse(text));

  it.each([
    ['integers and short fractions', '{"id":826900,"amount":0.034187,"n":-12}'],
    ['digits a double would change', '{"a":100.0,"b":1.49e-06,"c":-0,"d":12345678901234567890}'],
    ['numbers inside strings', '{"note":"1.0 and 2e5","escaped":"\\"3.0\\"","n":3}'],
    ['the same key in different objects', '{"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]}'],
  ])('reads %s exactly like lossless-json', (_label, text) => {
    expect(plainJson(expectRight(parseJsonLossless(text)))).toEqual(viaLosslessJson(text));
  });

  it("restores numbers as LosslessNumbers that behave like lossless-json's own", () => {
    const { id, amount } = expectRight(parseJsonLossless('{"id":3101,"amount":149.90}')) as Record<
      string,
      unknown
    >;
    expect(id).toBeInstanceOf(LosslessNumber);
    expect(isLosslessNumber(amount)).toBe(true);
    expect([String(amount), Number(id), (amount as LosslessNumber).isLosslessNumber]).toEqual([
      '149.90',
      3101,
      true,
    ]);
    expect(isDeepStrictEqual(amount, new LosslessNumber('149.90'))).toBe(true);
  });

  it.each(['{"a":1,}', '{"a":1,"a":2}', '{"a":1,"\\u0061":2}', '{"x":{"a":1,"a":2}}'])(
    'refuses %s like lossless-json does',
    (text) => {
      expect(E.isLeft(parseJsonLossless(text))).toBe(true);
    },
  );

  it('agrees with lossless-json on any JSON text (property)', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 3 }), (text) => {
        fc.pre(!text.includes('__proto__'));
        expect(plainJson(expectRight(parseJsonLossless(text)))).toEqual(viaLosslessJson(text));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with lossless-json on arbitrary number texts (property)', () => {
    const numberText = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^(0|[1-9]\d{0,24})$/),
        fc.option(fc.stringMatching(/^\d{1,20}$/)),
        fc.option(fc.integer({ min: -30, max: 30 })),
      )
      .map(
        ([negative, int, frac, exp]) =>
          `${negative ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`,
      );
    fc.assert(
      fc.property(fc.array(numberText, { maxLength: 5 }), (numbers) => {
        const text = `[${numbers.join(',')}]`;
        expect(plainJson(expectRight(parseJsonLossless(text)))).toEqual(viaLosslessJson(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseJsonLossless on hostile text', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('refuses deep nesting before parsing, without throwing', () => {
    expect(expectRight(parseJsonLossless(nested(MAX_JSON_DEPTH)))).toBeDefined();
    expect(parseJsonLossless(nested(MAX_JSON_DEPTH + 1))).toEqual(
      E.left(`it nests deeper than ${MAX_JSON_DEPTH} levels`),
    );
    expect(E.isLeft(parseJsonLossless(nested(5000)))).toBe(true);
    expect(E.isLeft(parseJsonLossless(`{"a":${nested(5000)},"n":1.0}`))).toBe(true);
  });

  it('does not count brackets inside strings', () => {
    const text = JSON.stringify({ note: nested(200) });
    expect(expectRight(parseJsonLossless(text))).toEqual({ note: nested(200) });
  });

  it.each([
    ['plain', '{"__proto__":{"polluted":true}}'],
    ['nested', '{"data":{"__proto__":{"amount":"-5"}}}'],
    ['escaped', '{"\\u005f_proto__":{"polluted":true}}'],
    ['on the lossless path', '{"amount":100.0,"__proto__":{"polluted":true}}'],
  ])('refuses a %s __proto__ member', (_label, text) => {
    expect(parseJsonLossless(text)).toEqual(E.left('it has a member named "__proto__"'));
  });

  it('reads "__proto__" inside a string value as text', () => {
    expect(expectRight(parseJsonLossless('{"note":"__proto__"}'))).toEqual({ note: '__proto__' });
  });
});

describe('parseJsonLossless and lossless-json on any JSON text (property)', () => {
  const space = fc.constantFrom('', '', ' ', '\n  ', '\t', '\r\n');
  const numberText = fc.oneof(
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.constantFrom(
      '-0',
      '100.0',
      '1.49e-06',
      '1E+5',
      '0.00000001',
      '12345678901234567890',
      '1e400',
      '-1.50',
    ),
  );
  const escaped = (text: string) =>
    `"${[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
  const keyText = fc
    .tuple(
      fc.oneof(
        fc.constantFrom('a', 'b', 'id', 'amount', '0', '7', '12', '01', ''),
        fc.string({ maxLength: 4 }),
      ),
      fc.boolean(),
    )
    .filter(([key]) => key !== '__proto__')
    .map(([key, escape]) => (escape && key.length > 0 ? escaped(key) : JSON.stringify(key)));
  const jsonText = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      numberText,
      fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
      fc.constantFrom('true', 'false', 'null', '"1.0"', '"\\"2e5\\""'),
      tie('object'),
      tie('array'),
    ),
    object: fc
      .array(fc.tuple(space, keyText, space, tie('value')), { maxLength: 4 })
      .map((members) => `{${members.map(([s1, k, s2, v]) => `${s1}${k}${s2}:${s2}${v}`).join(',')}}`),
    array: fc
      .array(fc.tuple(space, tie('value')), { maxLength: 4 })
      .map((items) => `[${items.map(([s, v]) => `${s}${v}${s}`).join(',')}]`),
  })).value;

  const viaLosslessJson = (text: string): E.Either<null, unknown> => {
    try {
      return E.right(parse(text));
    } catch {
      return E.left(null);
    }
  };

  it('reads texts with any spacing, repeated keys, digit keys and escaped keys exactly like lossless-json', () => {
    fc.assert(
      fc.property(jsonText, space, (text, outer) => {
        const padded = `${outer}${text}${outer}`;
        const ours = parseJsonLossless(padded);
        const theirs = viaLosslessJson(padded);
        expect(E.isRight(ours)).toBe(E.isRight(theirs));
        if (E.isRight(ours) && E.isRight(theirs))
          expect(isDeepStrictEqual(ours.right, theirs.right)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses what lossless-json refuses, with its reason', () => {
    fc.assert(
      fc.property(
        jsonText,
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', ':', '"', '\\', '1.', '-'),
        (text, at, cut) => {
          const broken = text.slice(0, at % (text.length + 1)) + cut;
          const theirs = viaLosslessJson(broken);
          fc.pre(E.isLeft(theirs));
          let reason = '';
          try {
            parse(broken);
          } catch (e) {
            reason = (e as Error).message;
          }
          const ours = parseJsonLossless(broken);
          expect(E.isLeft(ours) && (ours.left === reason || /nests deeper|__proto__/.test(ours.left))).toBe(
            true,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('stringifyJson and lossless-json on any value (property)', () => {
  const losslessNumber = fc
    .oneof(
      fc.integer().map(String),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: 0 }).map(String),
      fc.constantFrom('149.9', '0.00000001', '100.0', '1.49e-06', '12345678901234567890', '-0', '7.50'),
    )
    .map((text) => new LosslessNumber(text));
  const value = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      losslessNumber,
      fc.anything({ maxDepth: 1 }),
      fc.constantFrom(new Date(0), secret('k'), undefined, NaN, -0, 10n, Symbol('s'), () => 1),
      fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 4 }),
      fc.array(tie('value'), { maxLength: 4 }),
    ),
  })).value;

  const outcome = (write: () => string | undefined): E.Either<null, string | undefined> => {
    try {
      return E.right(write());
    } catch {
      return E.left(null);
    }
  };

  it('writes exactly what lossless-json writes, or fails where it fails', () => {
    fc.assert(
      fc.property(value, (input) => {
        expect(outcome(() => stringifyJson(input))).toEqual(outcome(() => stringify(input) ?? 'null'));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('plainJson shares what holds no LosslessNumber (property)', () => {
  const deepPlain = (value: unknown): unknown =>
    isLosslessNumber(value)
      ? value.toString()
      : Array.isArray(value)
        ? value.map(deepPlain)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepPlain(v)]))
          : value;

  const holdsNumber = (value: unknown): boolean =>
    isLosslessNumber(value) ||
    (value !== null && typeof value === 'object' && Object.values(value).some(holdsNumber));

  it('equals a deep copy with every number as its text, and copies only objects holding numbers', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        fc.pre(!text.includes('__proto__'));
        const parsed = expectRight(parseJsonLossless(text));
        const plain = plainJson(parsed);
        expect(plain).toEqual(deepPlain(parsed));
        expect(plain === parsed).toBe(!holdsNumber(parsed));
      }),
      { numRuns: 1000 },
    );
  });
});
