import * as t from 'io-ts';

/** What a compiled reader returns where its codec's `validate` fails. */
export const NOT_DECODED: unique symbol = Symbol('NOT_DECODED');

/** A compiled reader: the value `codec.validate` succeeds with, or `NOT_DECODED` exactly where it fails. */
export type Reader = (u: unknown) => unknown;

/** Builds the reader of a custom codec from the readers of the codecs it wraps. */
export type ReaderBuilder = (readerOf: (codec: t.Mixed) => Reader) => Reader;

const builders = new WeakMap<object, ReaderBuilder>();
const readers = new WeakMap<object, Reader>();

/**
 * Teaches the compiled decoder how to read a custom codec without its `validate`: `build` must return
 * a reader that succeeds with exactly what `validate` succeeds with, and fails exactly where it fails.
 */
export const compiledAs = <C extends t.Mixed>(codec: C, build: ReaderBuilder): C => {
  builders.set(codec, build);
  return codec;
};

const hasOwn = Object.prototype.hasOwnProperty;

const isUnknownRecord = (u: unknown): u is Record<string, unknown> =>
  u !== null && typeof u === 'object' && !Array.isArray(u);

/** io-ts's `mergeAll`: how an intersection joins what its members decoded. */
const mergeAll = (base: unknown, us: ReadonlyArray<unknown>): unknown => {
  let equal = true;
  let primitive = true;
  const baseIsNotADictionary = !isUnknownRecord(base);
  for (const u of us) {
    if (u !== base) equal = false;
    if (isUnknownRecord(u)) primitive = false;
  }
  if (equal) return base;
  if (primitive) return us[us.length - 1];
  const r: Record<string, unknown> = {};
  for (const u of us) {
    for (const k in u as Record<string, unknown>) {
      const value = (u as Record<string, unknown>)[k];
      if (!hasOwn.call(r, k) || baseIsNotADictionary || value !== (base as Record<string, unknown>)[k]) {
        r[k] = value;
      }
    }
  }
  return r;
};

/** io-ts's `getProps`: the keys an exact codec keeps. */
const propsOf = (codec: t.Mixed): t.Props => {
  const tagged = codec as t.Mixed & { _tag?: string };
  switch (tagged._tag) {
    case 'RefinementType':
    case 'ReadonlyType':
      return propsOf((codec as unknown as { type: t.Mixed }).type);
    case 'InterfaceType':
    case 'StrictType':
    case 'PartialType':
      return (codec as unknown as { props: t.Props }).props;
    case 'IntersectionType':
      return (codec as unknown as { types: t.Mixed[] }).types.reduce(
        (props, type) => Object.assign(props, propsOf(type)),
        {},
      );
    default:
      return {};
  }
};

/** io-ts's `stripKeys`: an exact codec's value without the keys it does not know. */
const stripKeys = (o: object, props: t.Props): object => {
  const keys = Object.getOwnPropertyNames(o);
  let shouldStrip = false;
  const r: Record<string, unknown> = {};
  for (const key of keys) {
    if (!hasOwn.call(props, key)) shouldStrip = true;
    else r[key] = (o as Record<string, unknown>)[key];
  }
  return shouldStrip ? r : o;
};

const fromGuard =
  (is: (u: unknown) => boolean): Reader =>
  (u) =>
    is(u) ? u : NOT_DECODED;

/** io-ts's literal succeeds with its own value (`0` for `-0`), not with the input. */
const literalReader =
  (value: unknown): Reader =>
  (u) =>
    u === value ? value : NOT_DECODED;

/** Any other codec: its own `validate`, which never reads the context unless it fails. */
const viaValidate = (codec: t.Mixed): Reader => {
  const context: t.Context = [{ key: '', type: codec, actual: undefined }];
  return (u) => {
    const result = codec.validate(u, context);
    return result._tag === 'Right' ? result.right : NOT_DECODED;
  };
};

/** One field of an object codec: `t.type` fields are required, `t.partial` ones may be absent. */
interface Field {
  readonly key: string;
  readonly read: Reader;
  readonly required: boolean;
}

const fieldsOf = (props: t.Props, required: boolean): ReadonlyArray<Field> =>
  Object.keys(props).map((key) => ({ key, read: readerOf(props[key]!), required }));

/**
 * io-ts's object validation: reads each field from the value being built (`u` until a field decodes
 * to a new value, `u`'s copy after) and sets each new value on the copy; `NOT_DECODED` where a field fails.
 */
const readFields = (
  u: Record<string, unknown>,
  fields: ReadonlyArray<Field>,
): Record<string, unknown> | typeof NOT_DECODED => {
  let a = u;
  for (const { key, read, required } of fields) {
    const ak = a[key];
    const vak = read(ak);
    if (vak === NOT_DECODED) {
      if (required || ak !== undefined) return NOT_DECODED;
    } else if (vak !== ak || (required && vak === undefined && !hasOwn.call(a, key))) {
      if (a === u) a = Object.assign({}, u);
      a[key] = vak;
    }
  }
  return a;
};

const objectReader =
  (fields: ReadonlyArray<Field>): Reader =>
  (u) =>
    isUnknownRecord(u) ? readFields(u, fields) : NOT_DECODED;

/**
 * Where an intersection of `t.type`s and `t.partial`s reads in one pass to the value io-ts's
 * `mergeAll` joins from one copy per member: an object of `Object.prototype` whose own keys are all
 * enumerable strings, none `__proto__`, while `Object.prototype` has no enumerable key.
 */
const mergesInOnePass = (u: Record<string, unknown>): boolean => {
  if (Object.getPrototypeOf(u) !== Object.prototype || hasOwn.call(u, '__proto__')) return false;
  for (const _ in {}) return false;
  return Object.keys(u).length === Object.getOwnPropertyNames(u).length;
};

/** Every member's fields read from `u` itself; a changed value goes on a copy of `u`'s enumerable string keys. */
const readMembersInOnePass = (
  u: Record<string, unknown>,
  fields: ReadonlyArray<Field>,
): Record<string, unknown> | typeof NOT_DECODED => {
  let a = u;
  for (const { key, read, required } of fields) {
    const ak = u[key];
    const vak = read(ak);
    if (vak === NOT_DECODED) {
      if (required || ak !== undefined) return NOT_DECODED;
    } else if (vak !== ak || (required && vak === undefined && !hasOwn.call(u, key))) {
      if (a === u) {
        a = {};
        for (const k in u) a[k] = u[k];
      }
      a[key] = vak;
    }
  }
  return a;
};

const intersectionReader = (types: ReadonlyArray<t.Mixed>): Reader => {
  const read = types.map(readerOf);
  const tags = types.map((type) => (type as { _tag?: string })._tag);
  const fields = tags.every((tag) => tag === 'InterfaceType' || tag === 'PartialType')
    ? types.flatMap((type, i) =>
        fieldsOf((type as unknown as { props: t.Props }).props, tags[i] === 'InterfaceType'),
      )
    : null;
  return (u) => {
    if (fields !== null && isUnknownRecord(u) && mergesInOnePass(u)) return readMembersInOnePass(u, fields);
    const us: unknown[] = [];
    for (const r of read) {
      const value = r(u);
      if (value === NOT_DECODED) return NOT_DECODED;
      us.push(value);
    }
    return us.length === 0 ? u : mergeAll(u, us);
  };
};

// A tagged union (io-ts picks the member by its literal tag) reads the same in order: every other member fails on its tag.
const unionReader = (types: ReadonlyArray<t.Mixed>): Reader => {
  const read = types.map(readerOf);
  return (u) => {
    for (const r of read) {
      const value = r(u);
      if (value !== NOT_DECODED) return value;
    }
    return NOT_DECODED;
  };
};

const arrayReader = (item: t.Mixed): Reader => {
  const read = readerOf(item);
  return (u) => {
    if (!Array.isArray(u)) return NOT_DECODED;
    let as = u;
    for (let i = 0; i < u.length; i += 1) {
      const ui: unknown = u[i];
      const ai = read(ui);
      if (ai === NOT_DECODED) return NOT_DECODED;
      if (ai !== ui) {
        if (as === u) as = u.slice();
        as[i] = ai;
      }
    }
    return as;
  };
};

const exactReader = (inner: t.Mixed): Reader => {
  const read = readerOf(inner);
  const props = propsOf(inner);
  return (u) => {
    if (!isUnknownRecord(u)) return NOT_DECODED;
    const value = read(u);
    return value === NOT_DECODED ? NOT_DECODED : stripKeys(value as object, props);
  };
};

const refinementReader = (inner: t.Mixed, predicate: (a: unknown) => boolean): Reader => {
  const read = readerOf(inner);
  return (u) => {
    const value = read(u);
    return value !== NOT_DECODED && predicate(value) ? value : NOT_DECODED;
  };
};

const build = (codec: t.Mixed): Reader => {
  const custom = builders.get(codec);
  if (custom !== undefined) return custom(readerOf);
  const node = codec as unknown as {
    _tag?: string;
    props: t.Props;
    types: t.Mixed[];
    type: t.Mixed;
    predicate: (a: unknown) => boolean;
    value: unknown;
  };
  switch (node._tag) {
    case 'StringType':
    case 'NumberType':
    case 'BooleanType':
    case 'NullType':
    case 'UndefinedType':
    case 'UnknownType':
    case 'AnyArrayType':
    case 'AnyDictionaryType':
    case 'KeyofType':
      return fromGuard(codec.is);
    case 'LiteralType':
      return literalReader(node.value);
    case 'InterfaceType':
      return objectReader(fieldsOf(node.props, true));
    case 'PartialType':
      return objectReader(fieldsOf(node.props, false));
    case 'IntersectionType':
      return intersectionReader(node.types);
    case 'UnionType':
    case 'TaggedUnionType':
      return unionReader(node.types);
    case 'ArrayType':
      return arrayReader(node.type);
    case 'ExactType':
      return exactReader(node.type);
    case 'RefinementType':
      return refinementReader(node.type, node.predicate);
    default:
      return viaValidate(codec);
  }
};

/** The compiled reader of `codec`, built once per codec. */
export const readerOf = (codec: t.Mixed): Reader => {
  const known = readers.get(codec);
  if (known !== undefined) return known;
  const built = build(codec);
  readers.set(codec, built);
  return built;
};

/**
 * `codec.decode`, compiled once per codec on first use: a value that decodes is read in one pass without io-ts's
 * contexts, so the result is the same value `codec.decode` gives; anything else takes `codec.decode`
 * itself, so failures carry io-ts's errors unchanged.
 */
export const decodeCompiled = <A, I>(codec: t.Decoder<I, A>): ((input: I) => t.Validation<A>) => {
  let read: Reader | undefined;
  return (input) => {
    read ??= readerOf(codec as unknown as t.Mixed);
    const value = read(input);
    return value === NOT_DECODED ? codec.decode(input) : t.success(value as A);
  };
};
