import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLosslessNumber } from '@invoicekit/core/adapter';
import { loadFixtures } from '../src';

const DOCUMENTED = join(__dirname, 'fixtures', 'loader.json');
const SYNTHETIC = join(__dirname, 'fixtures', 'loader-synthetic.json');

const fixtures = loadFixtures(DOCUMENTED, { path: SYNTHETIC, provenance: '_synthetic' });

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'testkit-fixtures-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadFixtures', () => {
  it('lists every entry of every file, leaving out file notes such as _about', () => {
    expect([...fixtures.names()].sort()).toEqual(
      [
        'callback.withdrawal_exchange',
        'create.response',
        'create.response.no-timer',
        'malformed.envelope',
        'signatureVectors',
      ].sort(),
    );
    expect(fixtures.names('create.')).toEqual(['create.response.no-timer', 'create.response']);
  });

  it('keeps every number of an entry as its exact digits', () => {
    const body = fixtures.entry('create.response.no-timer').body as { data: { id: unknown } };
    expect(isLosslessNumber(body.data.id)).toBe(true);
    expect(String(body.data.id)).toBe('826900');
  });

  it('parses a payload losslessly: 0.10882300 keeps its trailing zeros', () => {
    const parsed = fixtures.parsed('callback.withdrawal_exchange') as {
      transactions: Array<{ amount_to: unknown }>;
    };
    expect(isLosslessNumber(parsed.transactions[0]?.amount_to)).toBe(true);
    expect(String(parsed.transactions[0]?.amount_to)).toBe('0.10882300');
  });

  it('reads a payload that is a JSON object as a record, and refuses one that is not', () => {
    expect(fixtures.record('malformed.envelope')).toEqual({ state: 'ok', data: [] });
    const lists = loadFixtures(
      file('payloads.json', JSON.stringify({ list: { _source: 'x', text: '[1]' } })),
    );
    expect(() => lists.record('list')).toThrow('payloads.json: fixture "list" is not a JSON object');
  });

  it('gives the exact payload bytes from text, bodyText or a body object', () => {
    expect(fixtures.body('create.response')).toBe(fixtures.text('create.response'));
    expect(fixtures.body('callback.withdrawal_exchange')).toContain('"amount_to":0.10882300');
    expect(fixtures.body('create.response.no-timer')).toMatch(/^\{"data":\{"id":826900,/);
  });

  it('reads a response entry as an integer status and its payload text', () => {
    expect(fixtures.response('create.response.no-timer')).toEqual({
      status: 201,
      body: fixtures.body('create.response.no-timer'),
    });
    expect(fixtures.response('malformed.envelope')).toEqual({
      status: 200,
      body: '{"state":"ok","data":[]}',
    });
  });

  it('names the source of an entry: _source, or _synthetic in a synthetic file', () => {
    expect(fixtures.source('create.response')).toMatch(/^https:\/\/docs\.cryptocloud\.plus\//);
    expect(fixtures.source('malformed.envelope')).toBe('a body that is JSON but not a CryptoCloud envelope');
  });

  it('reads a list entry, each item with its own _source', () => {
    const [vector] = fixtures.list('signatureVectors');
    expect(vector?._source).toContain('serjvanilla/coinspaid-go');
    expect(vector?.secret).toBe('AbCdEfG123456');
  });

  it.each([
    ['a missing entry', () => fixtures.entry('create.response.timer'), 'no fixture "create.response.timer"'],
    ['a list read as an entry', () => fixtures.entry('signatureVectors'), 'is a list; read it with list()'],
    ['an entry read as a list', () => fixtures.list('create.response'), 'is not a list'],
    ['a missing text field', () => fixtures.text('create.response', 'token'), 'has no text field "token"'],
    [
      'an entry without a status',
      () => fixtures.response('callback.withdrawal_exchange'),
      'has no HTTP status',
    ],
  ])('throws, naming the file, on %s', (_label, read, message) => {
    expect(read).toThrow(message);
    expect(read).toThrow('loader.json');
  });

  it('refuses a file whose entries do not name their origin, listing every one', () => {
    const path = file(
      'unsourced.json',
      JSON.stringify({
        _about: 'notes need no source',
        sourced: { _source: 'somewhere', status: 200 },
        unsourced: { status: 200 },
        blank: { _source: '  ' },
        scalar: 5,
        list: [{ _source: 'somewhere' }, { secret: 'x' }],
      }),
    );
    const load = () => loadFixtures(path);
    expect(load).toThrow(`${path}: "unsourced" has no _source`);
    expect(load).toThrow(`${path}: "blank" has no _source`);
    expect(load).toThrow(`${path}: "scalar" is not an object`);
    expect(load).toThrow(`${path}: "list"[1] has no _source`);
    expect(load).not.toThrow('"sourced"');
  });

  it('refuses a documented file read as synthetic, and the reverse', () => {
    expect(() => loadFixtures({ path: DOCUMENTED, provenance: '_synthetic' })).toThrow(
      '"create.response" has no _synthetic',
    );
    expect(() => loadFixtures(SYNTHETIC)).toThrow('"malformed.envelope" has no _source');
  });

  it('refuses two files holding the same entry name', () => {
    const twin = file('twin.json', JSON.stringify({ 'create.response': { _source: 'a copy' } }));
    expect(() => loadFixtures(DOCUMENTED, twin)).toThrow(
      '"create.response" is in both loader.json and twin.json',
    );
  });

  it.each([
    ['not JSON', '{"a": ', 'not JSON'],
    ['a JSON array', '[]', 'not a JSON object'],
    ['a __proto__ member', '{"__proto__": {"_source": "x"}}', 'not JSON'],
  ])('refuses a file that is %s', (_label, text, message) => {
    const path = file('bad.json', text);
    expect(() => loadFixtures(path)).toThrow(`${path}: ${message}`);
  });

  it('throws when a file is missing', () => {
    expect(() => loadFixtures(join(dir, 'absent.json'))).toThrow('ENOENT');
  });
});
