/**
 * The end of a number token: its last digit, then whitespace, then `,`, `}` or `]`. In JSON text outside
 * strings only a number ends with a digit; inside a string, text that looks the same ("page 1.50, …") only
 * makes the answer `false` needlessly. A regex only finds the ends (a scan from every `:` and `,` took twice as
 * long); the tokens, a few per event, are read backwards from there.
 */
const NUMBER_END = /\d[ \t\n\r]*[,}\]]/g;
/** A `\u` escape of a letter of `__proto__`: the only way besides the plain word to spell that key in JSON. */
const PROTO_LETTER_ESCAPE = /\\u00(?:5f|70|72|6f|74)/i;

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const POINT = 0x2e;
const MINUS = 0x2d;
const PLUS = 0x2b;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
/** A double holds every decimal of up to 15 significant digits exactly enough to give it back; not always more. */
const MAX_DIGITS = 15;

/**
 * Whether PostgreSQL stores this JSON text as the same jsonb as `JSON.stringify(JSON.parse(text))`, value for
 * value and number for number (`jsonb::text` equal too), so a consumer may store the text it read instead of
 * serialising the parsed value again. Whitespace, key order, duplicate keys (both keep the last) and string
 * escapes do not matter to jsonb; what does:
 * - numbers JSON.stringify would write otherwise: an exponent, a fraction ending in 0, `-0`, more than 15 digits
 *   (`1.50`, `1e2`, or a 17th digit JSON.parse rounds away);
 * - a `__proto__` key, which zod does not copy into what it parses (a record, a loose object).
 * `false` says only that it may differ. The text must be valid JSON (it was parsed). Linear in the text's length.
 *
 * @example storesAsParsed('{"a":[1,2.5,"x"]}') // true
 * @example storesAsParsed('{"a":1.50}') // false
 */
export function storesAsParsed(json: string): boolean {
  if (json.includes('__proto__') || (json.includes('\\u') && PROTO_LETTER_ESCAPE.test(json))) return false;
  return numbersAsStringified(json);
}

function numbersAsStringified(json: string): boolean {
  NUMBER_END.lastIndex = 0;
  while (NUMBER_END.test(json)) {
    // Back from the delimiter over the whitespace to the last digit, then over the token's digits and point.
    let at = NUMBER_END.lastIndex - 2;
    while (json.charCodeAt(at) < DIGIT_0) at--;
    const last = json.charCodeAt(at);
    let digits = 0;
    let point = false;
    for (; at >= 0; at--) {
      const c = json.charCodeAt(at);
      if (c >= DIGIT_0 && c <= DIGIT_9) digits++;
      else if (c === POINT) point = true;
      else break;
    }
    const before = json.charCodeAt(at);
    if (before === LOWER_E || before === UPPER_E || before === PLUS) return false;
    if (before === MINUS) {
      const sign = json.charCodeAt(at - 1);
      // `1e-7`: the minus of an exponent.
      if (sign === LOWER_E || sign === UPPER_E) return false;
      if (digits === 1 && last === DIGIT_0) return false;
    }
    if (digits > MAX_DIGITS || (point && last === DIGIT_0)) return false;
  }
  return true;
}
