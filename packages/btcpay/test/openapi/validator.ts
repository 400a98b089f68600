import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

const FILES = ['swagger.template.json', 'swagger.template.invoices.json', 'swagger.template.webhooks.json'];

const COMPONENTS: Readonly<Record<string, Schema>> = Object.assign(
  {},
  ...FILES.map(
    (file) =>
      (JSON.parse(readFileSync(join(__dirname, file), 'utf8')) as { components: { schemas: Schema } })
        .components.schemas,
  ),
);

const MAX_DEPTH = 40;

const isSchema = (u: unknown): u is Schema => typeof u === 'object' && u !== null && !Array.isArray(u);

const lookup = (ref: string): Schema => {
  const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
  const found = name === undefined ? undefined : COMPONENTS[name];
  if (found === undefined) throw new Error(`unknown schema reference ${ref}`);
  return found;
};

const union = <A>(a: ReadonlyArray<A> | undefined, b: ReadonlyArray<A> | undefined): A[] | undefined =>
  a === undefined && b === undefined ? undefined : [...new Set([...(a ?? []), ...(b ?? [])])];

// OpenAPI composes objects with allOf while each member says additionalProperties: false, which a
// JSON Schema validator reads as "no member may have the others' fields". Members are merged into
// one object (closed when any member is closed), as BTCPay's own generator reads them.
const merge = (parts: ReadonlyArray<Schema>): Schema =>
  parts.reduce<Schema>((merged, part) => {
    const properties = {
      ...(merged.properties as Schema | undefined),
      ...(part.properties as Schema | undefined),
    };
    const required = union(merged.required as string[] | undefined, part.required as string[] | undefined);
    const closed = merged.additionalProperties === false || part.additionalProperties === false;
    const result: Schema = { ...merged, ...part };
    if (Object.keys(properties).length > 0) result.properties = properties;
    if (required !== undefined) result.required = required;
    if (closed) result.additionalProperties = false;
    else delete result.additionalProperties;
    return result;
  }, {});

/** A schema with every `$ref` inlined, `allOf` merged and OpenAPI's `nullable` made explicit for enums. */
const normalize = (schema: Schema, depth = 0): Schema => {
  if (depth > MAX_DEPTH) throw new Error('schema nested too deep (a recursive $ref?)');
  const { $ref, allOf, ...own } = schema as Schema & { $ref?: string; allOf?: Schema[] };
  const parts: Schema[] = [];
  if (typeof $ref === 'string') parts.push(normalize(lookup($ref), depth + 1));
  if (Array.isArray(allOf)) parts.push(...allOf.map((part) => normalize(part, depth + 1)));
  const base: Schema = {};
  for (const [key, value] of Object.entries(own)) {
    if (key === 'properties' && isSchema(value)) {
      base.properties = Object.fromEntries(
        Object.entries(value).map(([name, property]) => [name, normalize(property as Schema, depth + 1)]),
      );
    } else if ((key === 'items' || key === 'additionalProperties') && isSchema(value)) {
      base[key] = normalize(value, depth + 1);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      base[key] = value.map((part: Schema) => normalize(part, depth + 1));
    } else base[key] = value;
  }
  const merged = parts.length === 0 ? base : merge([...parts, base]);
  if (merged.nullable === true && Array.isArray(merged.enum) && !merged.enum.includes(null)) {
    merged.enum = [...merged.enum, null];
  }
  return merged;
};

const DECIMAL = /^-?\d+(\.\d+)?$/;

const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
ajv.addFormat('decimal', { type: 'string', validate: (s: string) => DECIMAL.test(s) });
ajv.addFormat('int32', {
  type: 'number',
  validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
});
ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });

const compiled = new Map<string, ValidateFunction>();

/** The names of BTCPay's component schemas, e.g. `CreateInvoiceRequest`, `InvoiceData`, `WebhookInvoiceSettledEvent`. */
export const schemaNames = (): ReadonlyArray<string> => Object.keys(COMPONENTS);

/** Validates plain JSON against one of BTCPay's component schemas; the errors, or an empty list. */
export const schemaErrors = (name: string, value: unknown): ReadonlyArray<ErrorObject> => {
  let validate = compiled.get(name);
  if (validate === undefined) {
    validate = ajv.compile(normalize({ $ref: `#/components/schemas/${name}` }));
    compiled.set(name, validate);
  }
  return validate(value) ? [] : [...(validate.errors ?? [])];
};

/** The payload schema of each documented invoice event type (`x-webhooks` of swagger.template.webhooks.json). */
export const WEBHOOK_SCHEMAS: Readonly<Record<string, string>> = {
  InvoiceCreated: 'WebhookInvoiceEvent',
  InvoiceExpired: 'WebhookInvoiceExpiredEvent',
  InvoiceReceivedPayment: 'WebhookInvoiceReceivedPaymentEvent',
  InvoicePaymentSettled: 'WebhookInvoicePaymentSettledEvent',
  InvoiceProcessing: 'WebhookInvoiceProcessingEvent',
  InvoiceInvalid: 'WebhookInvoiceInvalidEvent',
  InvoiceSettled: 'WebhookInvoiceSettledEvent',
};
