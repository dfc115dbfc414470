import type { z } from 'zod';

/** The parts of zod 4's internal definition this walk reads. */
interface Def {
  readonly type: string;
  /** `z.coerce.*`: the input converted (`String(x)`, `Number(x)`, …) before it is checked. */
  readonly coerce?: boolean;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string } } }[];
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly options?: readonly z.ZodType[];
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Types whose output is their input (a check may refuse it, nothing rewrites it). */
const LEAVES = new Set([
  'string',
  'number',
  'boolean',
  'null',
  'literal',
  'enum',
  'unknown',
  'any',
  'never',
  'template_literal',
  'custom',
]);
/** Types that pass their input to one inner schema and return what it returns (`readonly` freezes it, unchanged). */
const WRAPPERS = new Set(['optional', 'nullable', 'nonoptional', 'readonly']);

/**
 * Whether every input the zod schema accepts comes out of `parse` equal to itself, as JSON: objects strict or
 * loose (a stripping `z.object` drops unknown keys), and no default, prefault, catch, transform or overwrite
 * (`trim()`, `toLowerCase()`) or coercion anywhere. Refinements only refuse, so they are allowed. Types it does not know
 * say `false`. One exception, left to the caller: zod never copies an own `__proto__` key of a record or a loose
 * object (a JSON text can hold one), see `storesAsParsed`.
 *
 * @example schemaReturnsItsInput(z.strictObject({ a: z.string() })) // true
 * @example schemaReturnsItsInput(z.strictObject({ a: z.string().default('x') })) // false
 */
export function schemaReturnsItsInput(schema: z.ZodType): boolean {
  return returnsItsInput(schema, new Set());
}

function returnsItsInput(schema: z.ZodType, seen: Set<z.ZodType>): boolean {
  // A lazy schema may refer to itself: one already on the way is judged by the rest of the walk.
  if (seen.has(schema)) return true;
  seen.add(schema);
  const def = defOf(schema);
  if (def.coerce === true || def.checks?.some((c) => c._zod.def.check === 'overwrite')) return false;
  const all = (schemas: readonly (z.ZodType | null | undefined)[]) =>
    schemas.every((s) => s === null || s === undefined || returnsItsInput(s, seen));
  if (LEAVES.has(def.type)) return true;
  if (WRAPPERS.has(def.type)) return all([def.innerType]);
  switch (def.type) {
    case 'object': {
      // A stripping object has no catchall; a strict one `never`, a loose one `unknown`.
      if (def.catchall === undefined) return false;
      return all([...Object.values(def.shape ?? {}), def.catchall]);
    }
    case 'array':
      return all([def.element]);
    case 'tuple':
      return all([...(def.items ?? []), def.rest]);
    case 'union':
      return all(def.options ?? []);
    case 'record':
      return all([def.keyType, def.valueType]);
    case 'pipe':
      // A transform is a pipe into a `transform` schema: that side says false.
      return all([def.in, def.out]);
    case 'lazy':
      return def.getter !== undefined && all([def.getter()]);
    default:
      return false;
  }
}
