import { createHmac } from 'node:crypto';

/** A JSON Schema (draft-07 keywords only, so AsyncAPI's schema format and Ajv both read it). */
export type JsonSchema = { [keyword: string]: unknown };

export interface MapContext {
  pseudonymKey: string;
}

/**
 * One public field: its schema and how its value is taken from the internal event's data. The
 * definitions table is built from these, so the mapping and the published schema cannot drift.
 */
export interface Field {
  readonly schema: JsonSchema;
  /** May be absent from the public data (never `undefined` in JSON: left out). */
  readonly optional?: boolean;
  /** The public value from the internal one; objects keep only their declared fields. */
  map(value: unknown, context: MapContext): unknown;
  /** Computed from the whole internal data instead of the field of the same name (e.g. `leadRef`). */
  readonly derive?: (data: Record<string, unknown>, context: MapContext) => unknown;
}

const same = (value: unknown) => value;
const leaf = (schema: JsonSchema): Field => ({ schema, map: same });

export const str = (description?: string): Field => leaf(withDescription({ type: 'string' }, description));
export const id = (description?: string): Field => leaf(withDescription({ type: 'string', minLength: 1 }, description));
export const instant = (description?: string): Field => leaf(withDescription({ type: 'string', format: 'date-time' }, description));
export const date = (description?: string): Field => leaf(withDescription({ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, description));
export const month = (description?: string): Field => leaf(withDescription({ type: 'string', pattern: '^\\d{4}-\\d{2}$' }, description));
export const int = (description?: string): Field => leaf(withDescription({ type: 'integer' }, description));
export const num = (description?: string): Field => leaf(withDescription({ type: 'number' }, description));
export const bool = (description?: string): Field => leaf(withDescription({ type: 'boolean' }, description));
/** A bigint position, as a decimal string. */
export const position = (description?: string): Field => leaf(withDescription({ type: 'string', pattern: '^\\d+$' }, description));
export const oneOf = (values: readonly string[], description?: string): Field => leaf(withDescription({ type: 'string', enum: [...values] }, description));

export const nullable = (field: Field): Field => ({
  schema: { anyOf: [field.schema, { type: 'null' }] },
  map: (value, context) => (value === null || value === undefined ? null : field.map(value, context)),
});

export const optional = (field: Field): Field => ({ ...field, optional: true });

export const arrayOf = (field: Field, description?: string): Field => ({
  schema: withDescription({ type: 'array', items: field.schema }, description),
  map: (value, context) => (Array.isArray(value) ? value.map((item) => field.map(item, context)) : value),
});

/** An object of exactly these fields: anything else the internal object carries is dropped. */
export const obj = (fields: Record<string, Field>, description?: string): Field => ({
  schema: objectSchema(fields, description),
  map: (value, context) => (value !== null && typeof value === 'object' ? pick(value as Record<string, unknown>, fields, context) : value),
});

/** A field computed from the internal data. */
export const derived = (field: Field, derive: (data: Record<string, unknown>, context: MapContext) => unknown): Field => ({
  ...field,
  derive,
});

export function objectSchema(fields: Record<string, Field>, description?: string): JsonSchema {
  const properties = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.schema]));
  const required = Object.entries(fields)
    .filter(([, f]) => !f.optional)
    .map(([name]) => name);
  return withDescription({ type: 'object', properties, required, additionalProperties: false }, description);
}

export function pick(data: Record<string, unknown>, fields: Record<string, Field>, context: MapContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const raw = field.derive ? field.derive(data, context) : data[name];
    if (raw === undefined && field.optional) continue;
    out[name] = field.map(raw, context);
  }
  return out;
}

function withDescription(schema: JsonSchema, description: string | undefined): JsonSchema {
  return description === undefined ? schema : { ...schema, description };
}

/** `lr_` + 20 hex digits of HMAC-SHA256(leadId): stable for a key, not reversible without it. */
export function leadRefOf(leadId: string, pseudonymKey: string): string {
  return `lr_${createHmac('sha256', pseudonymKey).update(`lead:${leadId}`).digest('hex').slice(0, 20)}`;
}

export const LEAD_REF_PATTERN = '^lr_[0-9a-f]{20}$';

/** The lead's pseudonymous reference, computed from `leadId`. */
export const leadRef = (): Field =>
  derived(
    leaf({
      type: 'string',
      pattern: LEAD_REF_PATTERN,
      description: "A stable pseudonym of the lead (HMAC-SHA256 of its id under the service's PSEUDONYM_KEY); the same lead always has the same leadRef.",
    }),
    (data, context) => leadRefOf(String(data.leadId), context.pseudonymKey),
  );
