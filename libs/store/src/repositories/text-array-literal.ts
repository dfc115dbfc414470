/** A character that must be escaped inside a quoted element of an array literal. */
const QUOTED_SPECIAL = /["\\]/;
const QUOTED_SPECIALS = /["\\]/g;

/**
 * The PostgreSQL array literal of `values` (for a `$n::text[]` or `$n::uuid[]` parameter), the very text pg
 * writes for a JavaScript array (`prepareValue` in pg/lib/utils: every element quoted, `\` and `"` escaped
 * with a backslash, `null` as NULL), made with one test per element and one `join` instead of two regular
 * expression replacements per element and a chain of concatenations: the idempotency claims send five such
 * arrays per request, an element per event each (issue #17).
 *
 * @example textArrayLiteral(['a', 'b"c', null]) // '{"a","b\\"c",NULL}'
 */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) parts[i] = 'NULL';
    else if (QUOTED_SPECIAL.test(value)) parts[i] = `"${value.replace(QUOTED_SPECIALS, '\\$&')}"`;
    else parts[i] = `"${value}"`;
  }
  return `{${parts.join(',')}}`;
}
