import * as t from 'io-ts';

const REDACTED = '[redacted]';

// The keys Node's util.inspect and Deno's inspect look up; registered symbols, so no runtime module is imported.
const NODE_INSPECT: unique symbol = Symbol.for('nodejs.util.inspect.custom');
const DENO_INSPECT: unique symbol = Symbol.for('Deno.customInspect');

/** A credential whose string, JSON and inspect forms are `[redacted]`; read it only with `reveal()`. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The credential itself, for signing or an auth header; never log the result. */
  reveal(): string {
    return this.#value;
  }

  /** `[redacted]`, so string interpolation never shows the credential. */
  toString(): string {
    return REDACTED;
  }

  /** `[redacted]`, so `JSON.stringify` never shows the credential. */
  toJSON(): string {
    return REDACTED;
  }

  /** `[redacted]`, so Node's `util.inspect` and `console.log` never show the credential. */
  [NODE_INSPECT](): string {
    return REDACTED;
  }

  /** `[redacted]`, so Deno's `Deno.inspect` and `console.log` never show the credential. */
  [DENO_INSPECT](): string {
    return REDACTED;
  }
}

/** Wraps a credential string as a `Secret`. */
export const secret = (value: string): Secret => new Secret(value);

/** Decodes a non-empty string into a `Secret`; failures never echo the value. */
export const SecretFromString = new t.Type<Secret, string, unknown>(
  'Secret',
  (u): u is Secret => u instanceof Secret,
  (u, c) =>
    u instanceof Secret
      ? t.success(u)
      : typeof u === 'string' && u.trim().length > 0
        ? t.success(new Secret(u))
        : t.failure(REDACTED, c, 'must be a non-empty string'),
  (s) => s.reveal(),
);
