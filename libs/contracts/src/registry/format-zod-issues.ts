import type { z } from 'zod';
import type { FieldIssue } from '../errors/hindsight-error';

type ZodIssue = z.core.$ZodIssue;
type PathSegment = PropertyKey;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats a path the way people read it: `data.responses[1].text`; keys that
 * are not plain identifiers are quoted: `data.metadata["a b"]`.
 *
 * @example formatPath(['data', 'responses', 1, 'text']) // 'data.responses[1].text'
 */
export function formatPath(path: readonly PathSegment[], prefix = ''): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

const EXPECTED_NAMES: Readonly<Record<string, string>> = { int: 'integer', record: 'object' };

function listValues(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function sizeRule(issue: Extract<ZodIssue, { code: 'too_big' | 'too_small' }>): string {
  const big = issue.code === 'too_big';
  const limit = big ? issue.maximum : issue.minimum;
  switch (issue.origin) {
    case 'string':
      if (!big && Number(limit) === 1) return 'must not be empty';
      return `must be ${issue.exact ? 'exactly' : big ? 'at most' : 'at least'} ${limit} characters`;
    case 'array':
    case 'set':
      return `must have ${issue.exact ? 'exactly' : big ? 'at most' : 'at least'} ${limit} items`;
    default:
      if (big) return issue.inclusive === false ? `must be < ${limit}` : `must be <= ${limit}`;
      return issue.inclusive === false ? `must be > ${limit}` : `must be >= ${limit}`;
  }
}

/**
 * Turns zod issues into `{ path, rule }` pairs, one per broken rule, with
 * stable, readable rules:
 *
 * | zod issue                        | rule                                   |
 * | -------------------------------- | -------------------------------------- |
 * | invalid_type, value missing      | `required`                             |
 * | invalid_type                     | `expected string` (`integer`, …)       |
 * | invalid_value / bad discriminator| `must be one of: a, b`                 |
 * | too_big / too_small              | `must be at most 100000 characters`, `must have at least 2 items`, `must be <= 3` |
 * | invalid_format                   | the schema's own message, e.g. `must be a lower-case UUIDv7` |
 * | unrecognized_keys                | `unknown field` (one issue per key)     |
 * | custom (refinements)             | the refinement's message, e.g. `must be one of the response ids` |
 * | invalid_key (record keys)        | `invalid key: <rule>`                  |
 * | invalid_union                    | the issues of the closest alternative  |
 *
 * A schema's own message wins over the table for invalid_type and too_big/too_small
 * when it starts as the table's rule would (`required…`, `expected …`, `must …`):
 * `z.number().positive({ error: 'must be a positive number (nats)' })`, or an error function such as `instantRule`.
 *
 * `prefix` is prepended to every path (`[3]` for the fourth item of a batch).
 * Parse with `{ reportInput: true }` so a missing value reliably reads `required`.
 */
export function formatZodIssues(issues: readonly ZodIssue[], prefix = ''): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) collect(issue, [], prefix, out);
  return dedupe(out);
}

function collect(issue: ZodIssue, base: readonly PathSegment[], prefix: string, out: FieldIssue[]): void {
  const path = [...base, ...issue.path];
  const push = (rule: string, at: readonly PathSegment[] = path) => out.push({ path: formatPath(at, prefix), rule });
  switch (issue.code) {
    case 'invalid_type':
      push(
        isMissing(issue)
          ? (ownRule(issue, 'required') ?? 'required')
          : (ownRule(issue, 'expected ') ?? `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}`),
      );
      return;
    case 'invalid_value':
      push(`must be one of: ${listValues(issue.values)}`);
      return;
    case 'too_big':
    case 'too_small':
      push(ownRule(issue, 'must ') ?? sizeRule(issue));
      return;
    case 'invalid_format':
      push(
        issue.format === 'regex' || issue.message.startsWith('must ')
          ? issue.message
          : `must be a valid ${issue.format}`,
      );
      return;
    case 'not_multiple_of':
      push(`must be a multiple of ${issue.divisor}`);
      return;
    case 'unrecognized_keys':
      for (const key of issue.keys) push('unknown field', [...path, key]);
      return;
    case 'invalid_key': {
      const nested: FieldIssue[] = [];
      for (const inner of issue.issues) collect(inner, [], '', nested);
      for (const n of nested) push(`invalid key: ${n.rule}`);
      return;
    }
    case 'invalid_element':
      for (const inner of issue.issues) collect(inner, path, prefix, out);
      return;
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.options !== undefined) {
        push(isMissing(issue) ? 'required' : `must be one of: ${listValues(issue.options)}`);
        return;
      }
      const branches = issue.errors;
      if (branches.length === 0) {
        push('must match exactly one alternative');
        return;
      }
      // Every alternative rejected the value's type: say which types would do.
      const typeOnly = branches.every((b) => b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0);
      if (typeOnly) {
        if (isMissing(issue) || branches.every((b) => isMissing(b[0]))) push('required');
        else {
          const names = branches.map((b) =>
            b[0].code === 'invalid_type' ? (EXPECTED_NAMES[b[0].expected] ?? b[0].expected) : '',
          );
          push(`expected ${[...new Set(names)].join(' or ')}`);
        }
        return;
      }
      // Otherwise report the alternative that got furthest: fewest issues not about the value's own type.
      const score = (b: readonly ZodIssue[]) =>
        b.some((i) => i.code === 'invalid_type' && i.path.length === 0) ? Number.MAX_SAFE_INTEGER : b.length;
      const best = [...branches].sort((a, b) => score(a) - score(b))[0];
      for (const inner of best) collect(inner, path, prefix, out);
      return;
    }
    case 'custom':
      push(issue.message);
      return;
    default: {
      const unknownIssue: { message: string } = issue;
      push(unknownIssue.message);
    }
  }
}

/**
 * The rule the schema states itself (`z.number().positive({ error: 'must be a positive number (nats)' })`),
 * when it says more of the rule this table would give: it starts as that rule does (`required…` for a
 * missing value, `expected …` for a wrong type, `must …` for a size). zod's own English messages
 * ("Invalid input: …", "Too small: …") never do, nor does a format message set on `z.iso.datetime({ error })`
 * for a missing value, which stays `required`.
 */
function ownRule(issue: ZodIssue, start: 'required' | 'expected ' | 'must '): string | undefined {
  return issue.message.startsWith(start) ? issue.message : undefined;
}

/**
 * Was the value absent? Zod reports the input only when parsing with
 * `{ reportInput: true }` (the registry does); otherwise fall back to zod's
 * default English message.
 */
function isMissing(issue: ZodIssue): boolean {
  if ('input' in issue) return issue.input === undefined;
  return /received undefined$/.test(issue.message);
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Prepends `prefix` to each issue's path (`[2]` + `data.prompt` → `[2].data.prompt`). */
export function prefixIssues(prefix: string, issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((i) => ({
    path:
      i.path === ''
        ? prefix
        : i.path.startsWith('[') || prefix === '' || prefix.endsWith('.')
          ? `${prefix}${i.path}`
          : `${prefix}.${i.path}`,
    rule: i.rule,
  }));
}
