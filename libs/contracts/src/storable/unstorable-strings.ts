import type { FieldIssue } from '../errors/hindsight-error';
import { formatPath } from '../registry/format-zod-issues';

export const NUL_RULE = 'must not contain the NUL character (U+0000): PostgreSQL text and jsonb cannot store it';
export const LONE_SURROGATE_RULE = 'must be well-formed Unicode (it holds half of a surrogate pair): PostgreSQL jsonb cannot store it';

const MAX_ISSUES = 20;

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
  visit(value, [], prefix, issues);
  return issues;
}

/** `path` is one array pushed and popped on the way down: this runs over every event, so nothing is copied per node. */
function visit(value: unknown, path: (string | number)[], prefix: string, issues: FieldIssue[]): void {
  if (issues.length >= MAX_ISSUES) return;
  if (typeof value === 'string') {
    const rule = ruleFor(value);
    if (rule) issues.push({ path: formatPath(path, prefix), rule });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visit(value[i], path, prefix, issues);
      path.pop();
    }
    return;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    path.push(key);
    const keyRule = ruleFor(key);
    if (keyRule) issues.push({ path: formatPath(path, prefix), rule: `key ${keyRule}` });
    visit((value as Record<string, unknown>)[key], path, prefix, issues);
    path.pop();
  }
}

function ruleFor(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_RULE;
  if (!text.isWellFormed()) return LONE_SURROGATE_RULE;
  return undefined;
}
