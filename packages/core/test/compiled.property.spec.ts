import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import * as t from 'io-ts';
import { CreateInvoiceRequest, Decimal } from '../src';
import {
  closedObject,
  CurrencyCode,
  decodeCompiled,
  HttpsDomainUrl,
  LosslessNumber,
  nullable,
  nullableFields,
  textOfLength,
  WireDecimalNumber,
  WireDecimalString,
  WireId,
  WireInteger,
  WireUnixSeconds,
  withRaw,
} from '../src/adapter';

/** A codec described as data, so fast-check can grow and shrink it; `build` turns it into the io-ts codec. */
type Spec =
  | { readonly kind: 'leaf'; readonly name: keyof typeof LEAVES }
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'keyof'; readonly keys: ReadonlyArray<string> }
  | { readonly kind: 'type' | 'partial' | 'strict' | 'nullableFields'; readonly props: ReadonlyArray<Prop> }
  | { readonly kind: 'exact' | 'closed'; readonly inner: Spec & { kind: 'type' | 'partial' } }
  | { readonly kind: 'intersection' | 'union'; readonly members: ReadonlyArray<Spec> }
  | { readonly kind: 'array' | 'nullable' | 'withRaw' | 'positive'; readonly inner: Spec };

interface Prop {
  readonly key: string;
  readonly spec: Spec;
}

const LEAVES = {
  string: t.string,
  number: t.number,
  boolean: t.boolean,
  null: t.null,
  undefined: t.undefined,
  unknown: t.unknown,
  unknownRecord: t.UnknownRecord,
  unknownArray: t.UnknownArray,
  decimal: Decimal,
  wireDecimalString: WireDecimalString,
  wireDecimalNumber: WireDecimalNumber,
  wireId: WireId,
  wireInteger: WireInteger,
  wireUnixSeconds: WireUnixSeconds,
  currency: CurrencyCode,
  shortText: textOfLength('ShortText', 1, 5),
  url: HttpsDomainUrl,
} as const;

const KEYS = ['a', 'b', 'c', 'id', 'amount', '0'];

const propsOf = (props: ReadonlyArray<Prop>): t.Props => {
  const record: t.Props = {};
  for (const { key, spec } of props) record[key] = build(spec);
  return record;
};

const build = (spec: Spec): t.Mixed => {
  switch (spec.kind) {
    case 'leaf':
      return LEAVES[spec.name];
    case 'literal':
      return t.literal(spec.value);
    case 'keyof':
      return t.keyof(Object.fromEntries(spec.keys.map((key) => [key, null])));
    case 'type':
      return t.type(propsOf(spec.props));
    case 'partial':
      return t.partial(propsOf(spec.props));
    case 'strict':
      return t.strict(propsOf(spec.props));
    case 'nullableFields':
      return nullableFields(propsOf(spec.props));
    case 'exact':
      return t.exact(build(spec.inner) as t.HasProps);
    case 'closed':
      return closedObject(build(spec.inner) as t.InterfaceType<t.Props> | t.PartialType<t.Props>);
    case 'intersection':
      return t.intersection(spec.members.map(build) as unknown as [t.Mixed, t.Mixed]);
    case 'union':
      return t.union(spec.members.map(build) as unknown as [t.Mixed, t.Mixed]);
    case 'array':
      return t.array(build(spec.inner));
    case 'nullable':
      return nullable(build(spec.inner));
    case 'withRaw':
      return withRaw(build(spec.inner));
    case 'positive':
      return t.refinement(build(spec.inner), (a) => (typeof a === 'number' ? a > 0 : a !== null));
  }
};

const distinctProps = (spec: fc.Arbitrary<Spec>) =>
  fc.uniqueArray(fc.record({ key: fc.constantFrom(...KEYS), spec }), {
    selector: (prop) => prop.key,
    maxLength: 4,
  });

const specs = fc.letrec<{ spec: Spec; object: Spec & { kind: 'type' | 'partial' } }>((tie) => ({
  spec: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('leaf' as const),
      name: fc.constantFrom(...(Object.keys(LEAVES) as Array<keyof typeof LEAVES>)),
    }),
    fc.record({
      kind: fc.constant('literal' as const),
      value: fc.oneof(fc.constantFrom('a', 'invoice', ''), fc.integer({ min: -2, max: 2 }), fc.boolean()),
    }),
    fc.record({
      kind: fc.constant('keyof' as const),
      keys: fc.uniqueArray(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 }),
    }),
    tie('object'),
    fc.record({
      kind: fc.constantFrom('strict' as const, 'nullableFields' as const),
      props: distinctProps(tie('spec')),
    }),
    fc.record({ kind: fc.constantFrom('exact' as const, 'closed' as const), inner: tie('object') }),
    fc.record({
      kind: fc.constantFrom('intersection' as const, 'union' as const),
      members: fc.array(tie('spec'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constant('intersection' as const),
      members: fc.array(tie('object'), { minLength: 2, maxLength: 3 }),
    }),
    fc.record({
      kind: fc.constantFrom('array' as const, 'nullable' as const, 'withRaw' as const, 'positive' as const),
      inner: tie('spec'),
    }),
  ),
  object: fc.record({
    kind: fc.constantFrom('type' as const, 'partial' as const),
    props: distinctProps(tie('spec')),
  }),
})).spec;

const junk = fc.oneof(
  fc.constantFrom(undefined, null, '', '0', '1.50', '-1', 'x', 0, -0, 1.5, NaN, true, false, [], {}),
  fc.constantFrom(
    new LosslessNumber('7'),
    new LosslessNumber('1.50'),
    new LosslessNumber('1e-7'),
    new LosslessNumber('-3'),
  ),
  fc.anything({ maxDepth: 2 }),
);

type Exoticity = 'plain' | 'nullPrototype' | 'symbolKey' | 'hiddenKey' | 'protoKey' | 'getter';

/** Mostly plain objects, sometimes ones whose shape a fast path must not assume: every object reader must still agree with io-ts. */
const exoticity = fc.constantFrom<Exoticity>(
  'plain',
  'plain',
  'plain',
  'plain',
  'nullPrototype',
  'symbolKey',
  'hiddenKey',
  'protoKey',
  'getter',
);

const exoticized = (record: Record<string, unknown>, exotic: Exoticity): Record<string, unknown> => {
  const keys = Object.keys(record);
  const first = keys[0] ?? 'a';
  const last = keys[keys.length - 1] ?? 'a';
  switch (exotic) {
    case 'plain':
      return record;
    case 'nullPrototype':
      return Object.assign(Object.create(null) as Record<string, unknown>, record);
    case 'symbolKey':
      return { ...record, [Symbol('s')]: 1 };
    case 'hiddenKey':
      return Object.defineProperty({ ...record }, last, { value: record[last], enumerable: false });
    case 'protoKey':
      return Object.defineProperty({ ...record }, '__proto__', { value: { a: 1 }, enumerable: true });
    case 'getter':
      return Object.defineProperty({ ...record }, first, { get: () => record[first], enumerable: true });
  }
};

/** Values shaped like what `spec` reads, with junk anywhere, so both success and every kind of failure occur. */
const valueFor = (spec: Spec, depth = 0): fc.Arbitrary<unknown> => {
  if (depth > 6) return junk;
  const shaped = ((): fc.Arbitrary<unknown> => {
    switch (spec.kind) {
      case 'leaf':
        return fc.oneof(
          fc.string({ maxLength: 6 }),
          fc.constantFrom('12.5', '0.00129400', '149.90000000', 'EUR', 'https://shop.example/ok', 'abc'),
          fc.integer(),
          fc.constantFrom(
            new LosslessNumber('826900'),
            new LosslessNumber('0.034187'),
            new LosslessNumber('1775177497'),
          ),
        );
      case 'literal':
        return fc.constant(spec.value);
      case 'keyof':
        return fc.constantFrom(...spec.keys);
      case 'type':
      case 'partial':
      case 'strict':
      case 'nullableFields':
        return fc
          .tuple(
            ...spec.props.map(({ key, spec: inner }) =>
              fc.option(fc.tuple(fc.constant(key), valueFor(inner, depth + 1)), { nil: undefined, freq: 4 }),
            ),
            fc.dictionary(fc.constantFrom('extra', 'b', 'z'), junk, { maxKeys: 2 }),
            exoticity,
          )
          .map((parts) => {
            const exotic = parts.pop() as Exoticity;
            const extra = parts.pop() as Record<string, unknown>;
            const record: Record<string, unknown> = { ...extra };
            for (const part of parts as Array<[string, unknown] | undefined>)
              if (part) record[part[0]] = part[1];
            return exoticized(record, exotic);
          });
      case 'exact':
      case 'closed':
        return valueFor(spec.inner, depth + 1);
      case 'intersection':
        return fc
          .tuple(fc.tuple(...spec.members.map((member) => valueFor(member, depth + 1))), exoticity)
          .map(([values, exotic]) =>
            values.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))
              ? exoticized(Object.assign({}, ...values) as Record<string, unknown>, exotic)
              : values[0],
          );
      case 'union':
        return fc.oneof(...spec.members.map((member) => valueFor(member, depth + 1)));
      case 'array':
        return fc.array(valueFor(spec.inner, depth + 1), { maxLength: 3 });
      case 'nullable':
        return fc.oneof(fc.constant(null), valueFor(spec.inner, depth + 1));
      case 'withRaw':
      case 'positive':
        return valueFor(spec.inner, depth + 1);
    }
  })();
  return fc.oneof({ arbitrary: shaped, weight: 5 }, { arbitrary: junk, weight: 1 });
};

const agrees = (codec: t.Mixed, value: unknown): boolean =>
  isDeepStrictEqual(decodeCompiled(codec)(value), codec.decode(value));

describe('decodeCompiled', () => {
  it('gives exactly what io-ts decode gives, for any codec and any value (property)', () => {
    fc.assert(
      fc.property(specs, fc.gen(), (spec, generate) => {
        const codec = build(spec);
        const values = generate(() => fc.array(valueFor(spec), { minLength: 1, maxLength: 5 }));
        for (const value of values) expect(agrees(codec, value)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  const fullRequest = {
    orderId: 'order-1001',
    amount: '149.90',
    currency: 'EUR',
    title: 'Order #1001',
    description: 'Two espresso cups\nand a milk jug',
    customer: {
      reference: 'customer-77',
      email: 'buyer@shop.example',
      sender: { type: 'natural', firstName: 'Friedrich', lastName: 'Müller', dateOfBirth: '1995-08-17' },
    },
    payCurrency: 'BTC',
    payCurrencies: ['BTC', 'ETH'],
    expiresInMinutes: 15,
    allowPartialPayment: false,
    redirectUrls: { success: 'https://shop.example/paid', failure: 'https://shop.example/failed' },
  };

  const replaceAt = (
    value: unknown,
    path: ReadonlyArray<number>,
    replacement: unknown,
    remove: boolean,
  ): unknown => {
    if (typeof value !== 'object' || value === null) return replacement;
    const entries = Object.entries(value);
    if (entries.length === 0) return replacement;
    const [key, child] = entries[path[0]! % entries.length]!;
    const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
    if (path.length === 1 && remove) delete copy[key];
    else copy[key] = path.length === 1 ? replacement : replaceAt(child, path.slice(1), replacement, remove);
    return copy;
  };

  it('reads any variation of a full CreateInvoiceRequest exactly like io-ts (property)', () => {
    const replacement = fc.oneof(
      junk,
      fc.constantFrom(
        'legal',
        { type: 'legal', legalName: 'ACME GmbH', countryOfRegistration: 'DEU' },
        { type: 'legal', legalName: 'ACME GmbH', countryOfRegistration: 'XXX' },
        'https://127.0.0.1/ok',
        'http://shop.example/ok',
        '2999-01-01',
        'a\u0000b',
        'x'.repeat(300),
        0.1 + 0.2,
        12.5,
        ['BTC', 'BTC'],
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), replacement, fc.boolean()), {
          maxLength: 3,
        }),
        (edits) => {
          const request = edits.reduce<unknown>(
            (value, [path, next, remove]) => replaceAt(value, path, next, remove),
            fullRequest,
          );
          expect(agrees(CreateInvoiceRequest, request)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('reads intersections of object codecs exactly like io-ts, on plain and unusual objects (property)', () => {
    const objectSpecs = fc.record({
      kind: fc.constantFrom('type' as const, 'partial' as const),
      props: distinctProps(
        fc.oneof(
          fc.constant<Spec>({ kind: 'leaf', name: 'wireId' }),
          fc.constant<Spec>({ kind: 'leaf', name: 'unknown' }),
          fc.constant<Spec>({ kind: 'leaf', name: 'undefined' }),
          fc.constant<Spec>({ kind: 'leaf', name: 'string' }),
          fc.constant<Spec>({ kind: 'nullable', inner: { kind: 'leaf', name: 'wireDecimalString' } }),
        ),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(objectSpecs, { minLength: 2, maxLength: 3 }),
        fc.array(fc.tuple(fc.dictionary(fc.constantFrom(...KEYS), junk, { maxKeys: 5 }), exoticity), {
          minLength: 1,
          maxLength: 6,
        }),
        (members, inputs) => {
          const codec = build({ kind: 'intersection', members });
          for (const [record, exotic] of inputs) {
            const filled = { ...record, id: new LosslessNumber('7'), amount: '1.50' };
            expect(agrees(codec, exoticized(filled, exotic))).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads each member of an intersection from the input, not from what another member decoded', () => {
    const codec = t.intersection([t.type({ a: WireDecimalNumber }), t.type({ a: t.string })]);
    const input = { a: new LosslessNumber('7') };
    expect(codec.decode(input)._tag).toBe('Left');
    expect(agrees(codec, input)).toBe(true);
    const both = t.intersection([t.type({ a: WireId }), t.partial({ a: WireDecimalNumber, b: t.undefined })]);
    for (const value of [input, { a: '7' }, { a: new LosslessNumber('1.50'), c: 1 }]) {
      expect(agrees(both, value)).toBe(true);
    }
  });

  it('reads a literal as io-ts does: the literal itself, 0 for -0', () => {
    const codec = nullable(t.literal(0));
    expect(Object.is((decodeCompiled(codec)(-0) as { right: unknown }).right, 0)).toBe(true);
    expect(agrees(codec, -0)).toBe(true);
  });

  it('falls back to io-ts for its errors', () => {
    const decoded = decodeCompiled(CreateInvoiceRequest)({ ...fullRequest, currency: 'eur', extra: 1 });
    expect(decoded).toEqual(CreateInvoiceRequest.decode({ ...fullRequest, currency: 'eur', extra: 1 }));
    expect(decoded._tag).toBe('Left');
  });
});
