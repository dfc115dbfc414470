/**
 * A number token JSON.stringify would not write back the same way: more than 15 digits (a double holds every
 * decimal of up to 15 significant digits, not always more), or, a token ending at `,`, `}` or `]`, an exponent,
 * a fraction ending in 0, or `-0`. A token starts after `:`, `,` or `[` (whitespace allowed between). Text inside
 * a string that looks the same only makes the answer `false` needlessly: the times of every event, such as
 * `"10:00:00.000Z"`, are not such text (their `Z` follows). Each alternative backtracks at most over one token.
 */
const UNLIKE_ITS_PARSE =
  /[:,[][ \t\n\r]*(?:-?(?:\d\.?){16}|(?:-0|-?\d*\.\d*0|-?\d+(?:\.\d+)?[eE][+-]?\d+)(?=[ \t\n\r]*[,}\]]))/;
/** A `\u` escape of a letter of `__proto__`: the only way besides the plain word to spell that key in JSON. */
const PROTO_LETTER_ESCAPE = /\\u00(?:5f|70|72|6f|74)/i;

/**
 * Whether PostgreSQL stores this JSON text as the same jsonb as `JSON.stringify(JSON.parse(text))`, value for
 * value and number for number (`jsonb::text` equal too), so a consumer may store the text it read instead of
 * serialising the parsed value again. Whitespace, key order, duplicate keys (both keep the last) and string
 * escapes do not matter to jsonb; what does:
 * - numbers: `1.50`, `1e2` or a 17th digit are not what JSON.stringify writes for the double JSON.parse made;
 * - a `__proto__` key, which zod does not copy into what it parses (a record, a loose object).
 * `false` says only that it may differ. The text must be valid JSON (it was parsed).
 *
 * @example storesAsParsed('{"a":[1,2.5,"x"]}') // true
 * @example storesAsParsed('{"a":1.50}') // false
 */
export function storesAsParsed(json: string): boolean {
  if (UNLIKE_ITS_PARSE.test(json) || json.includes('__proto__')) return false;
  return !(json.includes('\\u') && PROTO_LETTER_ESCAPE.test(json));
}
