import type { FieldIssue } from '../errors/hindsight-error';
import { formatPath } from '../registry/format-zod-issues';

export const NUL_RULE = 'must not contain the NUL character (U+0000): PostgreSQL text and jsonb cannot store it';
export const LONE_SURROGATE_RULE =
  'must be well-formed Unicode (it holds half of a surrogate pair): PostgreSQL jsonb cannot store it';

const MAX_ISSUES = 20;

/**
 * Text that JSON.stringify writes only for a NUL (`\u0000`) or a lone surrogate (`\ud800`–`\udfff`), or
 * for a backslash followed by such text. JSON text can carry a NUL only as that escape (JSON.parse refuses a
 * raw control character in a string), and text decoded from UTF-8 bytes holds no lone surrogate (the decoder
 * writes U+FFFD instead): so where the escape is absent, no string parsed from the text is unstorable.
 */
const MAYBE_UNSTORABLE = /\\u(?:0000|d[89a-f])/i;

/**
 * Whether a value parsed from this JSON text (or serialised to it by JSON.stringify) may hold a string
 * `findUnstorableStrings` would report; `false` means it cannot, and the walk may be skipped.
 * A paired surrogate's escape (`\ud83d\ude00`) or a client's literal `\\u0000` says `true` too: the walk decides.
 *
 * @example mayHoldUnstorableStrings('{"prompt":"a\\u0000b"}') // true
 */
export function mayHoldUnstorableStrings(json: string): boolean {
  // `includes` first: V8 finds a two-character needle ~10× faster than the regex scans (20 against 200–1,000 ns
  // for an 800-character event), and most events hold no `\u` escape at all.
  return json.includes('\\u') && MAYBE_UNSTORABLE.test(json);
}

/**
 * Strings (values and object keys) anywhere in an event that PostgreSQL would
 * refuse: a NUL character, or a lone UTF-16 surrogate (valid in JSON text, not in
 * jsonb). Accepted at the api, such an event would fail every projector batch it
 * is in, for ever; so the api refuses it with the field, and a consumer reading one
 * off Kafka dead-letters it instead.
 *
 * @example findUnstorableStrings({ data: { prompt: 'a\u0000b' } }) // [{ path: 'data.prompt', rule: NUL_RULE }]
 */
export function findUnstorableStrings(value: unknown, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // `path` is one array pushed and popped on the way down: this runs over every event, so nothing is copied per node.
  const path: (string | number)[] = [];
  const check = (text: string, rulePrefix = '') => {
    const rule = ruleFor(text);
    if (rule) issues.push({ path: formatPath(path, prefix), rule: `${rulePrefix}${rule}` });
  };
  if (typeof value === 'string') check(value);
  if (typeof value !== 'object' || value === null) return issues;
  // An explicit stack, not recursion: a client's JSON may nest deeper than the call stack goes.
  const stack: Container[] = [containerOf(value)];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const top = stack[stack.length - 1];
    if (top.next >= top.size) {
      stack.pop();
      if (stack.length > 0) path.pop();
      continue;
    }
    const at = top.next++;
    const key = top.keys === null ? at : top.keys[at];
    path.push(key);
    if (typeof key === 'string') check(key, 'key ');
    const child = top.keys === null ? (top.node as unknown[])[at] : (top.node as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null) {
      stack.push(containerOf(child));
      continue;
    }
    if (typeof child === 'string') check(child);
    path.pop();
  }
  return issues.slice(0, MAX_ISSUES);
}

/** An array or object being walked: `keys` null for an array, `next` the position of the next child. */
interface Container {
  readonly node: object;
  readonly keys: readonly string[] | null;
  readonly size: number;
  next: number;
}

function containerOf(node: object): Container {
  if (Array.isArray(node)) return { node, keys: null, size: node.length, next: 0 };
  const keys = Object.keys(node);
  return { node, keys, size: keys.length, next: 0 };
}

function ruleFor(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_RULE;
  if (!text.isWellFormed()) return LONE_SURROGATE_RULE;
  return undefined;
}
