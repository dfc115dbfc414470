/**
 * How deep arrays and objects may nest in a JSON document the platform accepts
 * (the outermost object is level 1). Real events nest about 5 levels; the limit
 * keeps every recursive step after parsing (JSON.stringify, zod, the jsonb
 * encoder) far from the stack limit, which 10,000 levels overflowed.
 */
export const MAX_JSON_NESTING_DEPTH = 64;

export const JSON_NESTING_RULE = `must not nest arrays and objects more than ${MAX_JSON_NESTING_DEPTH} levels deep`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const UTF8 = new TextEncoder();

/**
 * Measures the nesting of JSON text as it streams in, chunk by chunk, before
 * anything parses it: one pass, constant memory, no recursion. It reads bytes
 * (UTF-8) or UTF-16 code units alike, since the characters it looks at (quote,
 * backslash, brackets, braces) are ASCII and never occur inside a multi-byte
 * sequence. Text that is not JSON is measured as far as it goes; telling that it
 * is not JSON is the parser's job.
 *
 * @example
 * const gauge = new JsonNestingGauge(2);
 * gauge.feed('{"a":[1,');  // true: still within 2 levels
 * gauge.feed('[2]]}');     // false: [2] is level 3
 */
export class JsonNestingGauge {
  private depth = 0;
  private inString = false;
  /** Inside a string, the chunk ended right after a backslash: the next chunk's first byte is escaped. */
  private escaped = false;

  constructor(private readonly maxDepth = MAX_JSON_NESTING_DEPTH) {}

  /** False as soon as the text so far nests deeper than the limit (and from then on). */
  feed(chunk: Uint8Array | string): boolean {
    if (this.depth > this.maxDepth) return false;
    // Text as its UTF-8 bytes: one loop, over one kind of array (the api feeds bytes, ~800 per event).
    const bytes = typeof chunk === 'string' ? UTF8.encode(chunk) : chunk;
    const n = bytes.length;
    const max = this.maxDepth;
    let depth = this.depth;
    let inString = this.inString;
    let i = 0;
    if (this.escaped && n > 0) {
      this.escaped = false;
      i = 1;
    }
    while (i < n) {
      if (inString) {
        // Most of a JSON document is inside strings: run to the closing quote, stepping over escaped characters.
        while (i < n) {
          const c = bytes[i];
          if (c === QUOTE) break;
          i += c === BACKSLASH ? 2 : 1;
        }
        if (i >= n) {
          // Past the end: the chunk's last byte was a backslash.
          this.escaped = i > n;
          break;
        }
        inString = false;
        i++;
        continue;
      }
      const c = bytes[i++];
      if (c === QUOTE) inString = true;
      else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++depth > max) {
          this.depth = depth;
          return false;
        }
      } else if ((c === CLOSE_ARRAY || c === CLOSE_OBJECT) && depth > 0) depth--;
    }
    this.depth = depth;
    this.inString = inString;
    return true;
  }
}

/** Whether JSON text nests arrays and objects deeper than `maxDepth`, read without parsing it. */
export function jsonTextTooDeep(text: string, maxDepth = MAX_JSON_NESTING_DEPTH): boolean {
  return !new JsonNestingGauge(maxDepth).feed(text);
}

/**
 * Whether an already parsed value nests arrays and objects deeper than
 * `maxDepth`; walked with an explicit stack, so any depth is measured without
 * overflowing the call stack, and it stops at the first level too deep.
 */
export function jsonValueTooDeep(value: unknown, maxDepth = MAX_JSON_NESTING_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
