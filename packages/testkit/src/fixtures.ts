import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as E from 'fp-ts/Either';
import {
  isLosslessNumber,
  isRecord,
  parseJsonLossless,
  stringifyJson,
  textOrNull,
} from '@invoicekit/core/adapter';

/** One fixture entry as stored, numbers as `LosslessNumber`, with `_source` (or `_synthetic`) naming its origin. */
export type FixtureEntry = Readonly<Record<string, unknown>>;

/** The key naming an entry's origin: `_source` for what a provider or SDK published, `_synthetic` for a case nobody documents. */
export type Provenance = '_source' | '_synthetic';

/** A fixture file: its path, and the key its entries name their origin in (`_source` unless given). */
export type FixtureFile = string | { readonly path: string; readonly provenance: Provenance };

/** The entries of one or more fixture files; every accessor throws, naming the file, on a missing entry or field. */
export interface Fixtures {
  /** Every entry name (file notes such as `_about` excluded), or those starting with `prefix`. */
  names(prefix?: string): ReadonlyArray<string>;
  /** An entry by name. */
  entry(name: string): FixtureEntry;
  /** A list entry (e.g. `signatureVectors`), each item naming its own origin. */
  list(name: string): ReadonlyArray<FixtureEntry>;
  /** Where an entry comes from: its `_source` or `_synthetic` text. */
  source(name: string): string;
  /** A string field of an entry, `text` unless named. */
  text(name: string, field?: string): string;
  /** The exact bytes of an entry's payload: `text` or `bodyText` verbatim, else the exact-digit compact JSON of `body`. */
  body(name: string): string;
  /** An entry's payload (`body(name)`) parsed losslessly. */
  parsed(name: string): unknown;
  /** An entry's payload parsed losslessly, which must be a JSON object (e.g. a callback body). */
  record(name: string): Readonly<Record<string, unknown>>;
  /** A response entry: its integer HTTP `status` and the exact text of its payload. */
  response(name: string): { readonly status: number; readonly body: string };
}

interface Loaded {
  readonly file: string;
  readonly provenance: Provenance;
  readonly value: FixtureEntry | ReadonlyArray<FixtureEntry>;
}

const isNote = (key: string): boolean => key.startsWith('_');

const originProblem = (value: unknown, provenance: Provenance): string | null =>
  !isRecord(value) || isLosslessNumber(value)
    ? 'is not an object'
    : textOrNull(value[provenance]) === null
      ? `has no ${provenance}`
      : null;

const entryProblems = (name: string, value: unknown, provenance: Provenance): ReadonlyArray<string> => {
  if (!Array.isArray(value)) {
    const problem = originProblem(value, provenance);
    return problem === null ? [] : [`"${name}" ${problem}`];
  }
  return value.flatMap((item, index) => {
    const problem = originProblem(item, provenance);
    return problem === null ? [] : [`"${name}"[${index}] ${problem}`];
  });
};

const readFile = (
  file: FixtureFile,
): { readonly entries: Map<string, Loaded>; readonly problems: string[] } => {
  const { path, provenance } =
    typeof file === 'string' ? { path: file, provenance: '_source' as const } : file;
  const parsed = parseJsonLossless(readFileSync(path, 'utf8'));
  if (E.isLeft(parsed)) return { entries: new Map(), problems: [`${path}: not JSON (${parsed.left})`] };
  if (!isRecord(parsed.right)) return { entries: new Map(), problems: [`${path}: not a JSON object`] };
  const entries = new Map<string, Loaded>();
  const problems: string[] = [];
  for (const [name, value] of Object.entries(parsed.right).filter(([key]) => !isNote(key))) {
    problems.push(...entryProblems(name, value, provenance).map((p) => `${path}: ${p}`));
    entries.set(name, { file: basename(path), provenance, value: value as Loaded['value'] });
  }
  return { entries, problems };
};

/**
 * Reads JSON fixture files with core's `parseJsonLossless`, so every number keeps its exact digits,
 * and refuses (throwing once, listing every problem) a file with an entry that does not name its
 * origin, or two files holding the same entry name.
 */
export const loadFixtures = (...files: ReadonlyArray<FixtureFile>): Fixtures => {
  const all = new Map<string, Loaded>();
  const problems: string[] = [];
  for (const file of files) {
    const read = readFile(file);
    problems.push(...read.problems);
    for (const [name, loaded] of read.entries) {
      const earlier = all.get(name);
      if (earlier) problems.push(`"${name}" is in both ${earlier.file} and ${loaded.file}`);
      else all.set(name, loaded);
    }
  }
  if (problems.length > 0) throw new Error(`fixtures refused:\n  ${problems.join('\n  ')}`);
  const where = [...new Set([...all.values()].map((l) => l.file))].join(', ') || 'no fixture file';

  const fail = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  const loaded = (name: string): Loaded => all.get(name) ?? fail(`no fixture "${name}"`);
  const entry = (name: string): FixtureEntry => {
    const { value } = loaded(name);
    return Array.isArray(value)
      ? fail(`fixture "${name}" is a list; read it with list()`)
      : (value as FixtureEntry);
  };
  const text = (name: string, field = 'text'): string => {
    const value = entry(name)[field];
    return typeof value === 'string' ? value : fail(`fixture "${name}" has no text field "${field}"`);
  };
  const body = (name: string): string => {
    const { text: asText, bodyText, body: payload } = entry(name);
    if (typeof asText === 'string') return asText;
    if (typeof bodyText === 'string') return bodyText;
    if (typeof payload === 'string') return payload;
    return payload === undefined
      ? fail(`fixture "${name}" has no text, bodyText or body`)
      : stringifyJson(payload);
  };
  const status = (name: string): number => {
    const value = Number(String(entry(name).status));
    return Number.isInteger(value) && value >= 100 && value <= 599
      ? value
      : fail(`fixture "${name}" has no HTTP status`);
  };

  const parsed = (name: string): unknown => {
    const result = parseJsonLossless(body(name));
    return E.isRight(result) ? result.right : fail(`fixture "${name}" is not JSON (${result.left})`);
  };

  return {
    names: (prefix = '') => [...all.keys()].filter((name) => name.startsWith(prefix)),
    entry,
    list: (name) => {
      const { value } = loaded(name);
      return Array.isArray(value) ? value : fail(`fixture "${name}" is not a list`);
    },
    source: (name) => text(name, loaded(name).provenance),
    text,
    body,
    parsed,
    record: (name) => {
      const value = parsed(name);
      return isRecord(value) && !isLosslessNumber(value)
        ? value
        : fail(`fixture "${name}" is not a JSON object`);
    },
    response: (name) => ({ status: status(name), body: body(name) }),
  };
};
