import fc from 'fast-check';

/** A JSON Schema node of the served OpenAPI document (`$ref`s point into its components). */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface SchemaContext {
  readonly schemas: Readonly<Record<string, JsonSchema>>;
}

const MAX_DEPTH = 8;
/** Valid strings stay short: the mutations make the long ones, so most cases still reach the domain code. */
const SHORT = 24;

export function resolve(schema: JsonSchema, context: SchemaContext): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = context.schemas[name];
  if (target === undefined) throw new Error(`the OpenAPI document refers to a missing schema: ${ref}`);
  return resolve(target, context);
}

/** Values the schema allows, as far as JSON Schema can say (cross-field rules are left to chance). */
export function valueOf(schema: JsonSchema, context: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, context);
  if (depth > MAX_DEPTH) return fc.constant(null);
  const arbitrary = plainValueOf(s, context, depth);
  return s.nullable === true ? fc.option(arbitrary, { nil: null, freq: 5 }) : arbitrary;
}

function plainValueOf(s: JsonSchema, context: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  const choices = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (choices !== undefined) return fc.oneof(...choices.map((c) => valueOf(c, context, depth + 1)));
  if (Array.isArray(s.allOf)) return valueOf(s.allOf[0] as JsonSchema, context, depth + 1);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  // OpenAPI 3.1 (JSON Schema 2020-12): `type: ['string', 'null']` is a nullable string.
  if (Array.isArray(s.type))
    return fc.oneof(...(s.type as string[]).map((type) => plainValueOf({ ...s, type }, context, depth)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'string':
      return stringOf(s);
    case 'integer':
      return fc.integer({
        min: Math.max(numberOr(s.minimum, -1000), -1000),
        max: Math.min(numberOr(s.maximum, 1000), Math.max(numberOr(s.minimum, -1000), 1000)),
      });
    case 'number':
      return fc.double({
        min: numberOr(s.minimum, numberOr(s.exclusiveMinimum, -1000)),
        max: numberOr(s.maximum, 1000),
        minExcluded: s.minimum === undefined && typeof s.exclusiveMinimum === 'number',
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = numberOr(s.minItems, 0);
      const maxLength = Math.min(numberOr(s.maxItems, 4), Math.max(minLength, 4));
      return fc.array(valueOf((s.items ?? {}) as JsonSchema, context, depth + 1), { minLength, maxLength });
    }
    case 'object':
      return objectOf(s, context, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

function stringOf(s: JsonSchema): fc.Arbitrary<string> {
  const minLength = numberOr(s.minLength, 0);
  const maxLength = Math.max(minLength, Math.min(numberOr(s.maxLength, SHORT), SHORT));
  if (s.format === 'date-time')
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (typeof s.pattern === 'string') {
    return fc
      .stringMatching(new RegExp(s.pattern), { size: 'xsmall' })
      .filter((v) => v.length >= minLength && v.length <= numberOr(s.maxLength, Infinity));
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function objectOf(s: JsonSchema, context: SchemaContext, depth: number): fc.Arbitrary<unknown> {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = (s.required ?? []) as string[];
  if (Object.keys(properties).length === 0 && typeof s.additionalProperties === 'object') {
    return fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }),
      valueOf(s.additionalProperties as JsonSchema, context, depth + 1),
      { maxKeys: 3 },
    );
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) model[name] = valueOf(property, context, depth + 1);
  return fc.record(model, { requiredKeys: required.filter((name) => name in model) });
}
