import { readFileSync, writeFileSync } from 'node:fs';
import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { CREDENTIAL_FIELDS, PROVIDER_IDS, type SandboxCredentials } from './emulators';
import { readJson } from './json';
import type { SandboxCredentialOverrides } from './types';
import { isRecord } from './validation';

/** The keys a credentials file holds: every provider's credential fields, without `baseUrl` (it follows the port). */
export type CredentialsFileContent = Readonly<Record<string, Readonly<Record<string, string>>>>;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const isProvider = (name: string): name is (typeof PROVIDER_IDS)[number] =>
  (PROVIDER_IDS as ReadonlyArray<string>).includes(name);

const problemsOf = (content: Readonly<Record<string, unknown>>): ReadonlyArray<string> =>
  Object.entries(content).flatMap(([provider, keys]) => {
    if (!isProvider(provider)) return [`"${provider}" is not a provider (${PROVIDER_IDS.join(', ')})`];
    if (!isRecord(keys)) return [`"${provider}" must be an object of keys`];
    const fields: ReadonlyArray<string> = CREDENTIAL_FIELDS[provider];
    return Object.entries(keys).flatMap(([field, value]) =>
      !fields.includes(field)
        ? [`"${provider}.${field}" is not one of its keys (${fields.join(', ')})`]
        : typeof value !== 'string' || value.trim() === ''
          ? [`"${provider}.${field}" must be a non-empty string`]
          : [],
    );
  });

/**
 * Reads a credentials file written by `saveCredentialsFile` (or by hand): Right(undefined) when it does
 * not exist yet, Right(overrides) when it is valid, Left naming every problem otherwise. A provider or
 * key it lacks is generated at start and written back.
 */
export const readCredentialsFile = (
  path: string,
): E.Either<string, SandboxCredentialOverrides | undefined> => {
  const text = E.tryCatch(
    () => readFileSync(path, 'utf8'),
    (e) => ((e as { code?: unknown }).code === 'ENOENT' ? null : `cannot read ${path}: ${messageOf(e)}`),
  );
  if (E.isLeft(text)) return text.left === null ? E.right(undefined) : E.left(text.left);
  return pipe(
    readJson(text.right, Number),
    E.mapLeft((reason) => `${path} is not JSON (${reason})`),
    E.filterOrElse(isRecord, () => `${path} must hold a JSON object keyed by provider`),
    E.flatMap((content) => {
      const problems = problemsOf(content);
      return problems.length === 0
        ? E.right(content as SandboxCredentialOverrides)
        : E.left(`${path}: ${problems.join('; ')}`);
    }),
  );
};

/** The file content for a running sandbox's credentials: each provider's keys, without `baseUrl`. */
export const credentialsFileContent = (credentials: SandboxCredentials): CredentialsFileContent =>
  Object.fromEntries(
    PROVIDER_IDS.map((provider) => {
      const keys = new Map<string, unknown>(Object.entries(credentials[provider]));
      return [
        provider,
        Object.fromEntries(CREDENTIAL_FIELDS[provider].map((field) => [field, String(keys.get(field))])),
      ];
    }),
  );

/**
 * Writes the credentials to `path` (readable and writable by its owner only) unless it already holds
 * exactly them; answers whether the file was written.
 */
export const saveCredentialsFile = (
  path: string,
  credentials: SandboxCredentials,
  previous: SandboxCredentialOverrides | undefined,
): E.Either<string, boolean> => {
  const content = credentialsFileContent(credentials);
  const unchanged = PROVIDER_IDS.every((provider) => {
    const before: Readonly<Record<string, unknown>> = previous?.[provider] ?? {};
    const now = content[provider] ?? {};
    return (
      Object.keys(before).length === Object.keys(now).length &&
      Object.entries(now).every(([field, value]) => before[field] === value)
    );
  });
  if (unchanged) return E.right(false);
  return E.tryCatch(
    () => {
      writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      return true;
    },
    (e) => `cannot write ${path}: ${messageOf(e)}`,
  );
};
