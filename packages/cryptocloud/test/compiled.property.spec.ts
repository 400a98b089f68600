import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type * as t from 'io-ts';
import { decodeCompiled, LosslessNumber } from '@invoicekit/core/adapter';
import {
  CryptocloudCreated,
  CryptocloudInvoice,
  CryptocloudInvoiceList,
  CryptocloudPostback,
  CryptocloudSuccess,
  readDateTime,
} from '../src/codecs';
import { fixtures } from './helpers';

/** Documented payloads (parsed losslessly) that the variations are grown from. */
const invoices = [
  fixtures.record('create.response').result,
  ...(fixtures.record('info.response.2023').result as unknown[]),
];
const postbacks = ['postback.2026', 'postback.2024', 'postback.invoice_info.live'].map((name) =>
  fixtures.record(name),
);

const replacement = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    'INV-',
    'INV-89UX09KA',
    '89UX09KA',
    'not a date',
    '2026-02-30 10:00:00',
    '2026-01-27T09:03:58Z',
    '{"uuid":"INV-1","test_mode":false}',
    '{not json',
    0,
    -1,
    true,
    [],
    {},
    { code: 'ETH' },
    { code: 'ETH', network: { code: 5 } },
  ),
  fc.constantFrom(
    new LosslessNumber('0.0'),
    new LosslessNumber('100.0'),
    new LosslessNumber('1.49e-06'),
    new LosslessNumber('-5'),
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const replaceAt = (value: unknown, path: ReadonlyArray<number>, next: unknown, remove: boolean): unknown => {
  if (typeof value !== 'object' || value === null) return next;
  const entries = Object.entries(value);
  if (entries.length === 0) return next;
  const [key, child] = entries[path[0]! % entries.length]!;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  if (path.length === 1 && remove) delete copy[key];
  else copy[key] = path.length === 1 ? next : replaceAt(child, path.slice(1), next, remove);
  return copy;
};

const variationOf = (bases: ReadonlyArray<unknown>) =>
  fc
    .tuple(
      fc.constantFrom(...bases),
      fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), replacement, fc.boolean()), {
        maxLength: 3,
      }),
    )
    .map(([base, edits]) =>
      edits.reduce<unknown>((value, [path, next, remove]) => replaceAt(value, path, next, remove), base),
    );

const agrees = (codec: t.Mixed, value: unknown): boolean =>
  isDeepStrictEqual(decodeCompiled(codec)(value), codec.decode(value));

describe('compiled CryptoCloud decoders', () => {
  it.each([
    ['an invoice object', CryptocloudInvoice],
    ['a create result kept with its raw form', CryptocloudCreated],
    ['a success envelope', CryptocloudSuccess(CryptocloudCreated)],
  ])('read any variation of %s exactly like io-ts (property)', (_label, codec) => {
    fc.assert(
      fc.property(variationOf(invoices), (value) => {
        expect(agrees(codec, value)).toBe(true);
        expect(agrees(codec, { status: 'success', result: value })).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads any variation of a merchant/info list exactly like io-ts (property)', () => {
    fc.assert(
      fc.property(fc.array(variationOf(invoices), { maxLength: 3 }), (list) => {
        expect(agrees(CryptocloudInvoiceList, list)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reads any variation of a postback, invoice_info as an object or JSON text, exactly like io-ts (property)', () => {
    fc.assert(
      fc.property(variationOf(postbacks), fc.boolean(), (postback, asText) => {
        const info = (postback as { invoice_info?: unknown }).invoice_info;
        const value =
          asText && typeof postback === 'object' && postback !== null && info !== undefined
            ? { ...postback, invoice_info: JSON.stringify(info) }
            : postback;
        expect(agrees(CryptocloudPostback, value)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readDateTime, remembering the times it read', () => {
  const text = fc.oneof(
    fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().replace('T', ' ').replace('Z', '')),
    fc.constantFrom(
      '2026-02-30 10:00:00',
      '2026-01-27T09:03:58+03:00',
      'not a date',
      '',
      ' 2026-01-27 09:03:58 ',
    ),
    fc.string({ maxLength: 70 }),
  );

  it('answers a text read before with an equal, new Date (property)', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 300 }), (texts) => {
        const first = texts.map(readDateTime);
        texts.forEach((t, i) => {
          const again = readDateTime(t);
          expect(again?.getTime()).toBe(first[i]?.getTime());
          if (again !== null) expect(again).not.toBe(first[i]);
        });
      }),
      { numRuns: 200 },
    );
  });
});
