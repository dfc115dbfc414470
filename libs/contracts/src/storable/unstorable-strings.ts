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

function visit(value: unknown, path: (string | number)[], prefix: string, issues: FieldIssue[]): void {
  if (issues.length >= MAX_ISSUES) return;
  if (typeof value === 'string') {
    const rule = ruleFor(value);
    if (rule) issues.push({ path: formatPath(path, prefix), rule });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visit(value[i], [...path, i], prefix, issues);
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const keyRule = ruleFor(key);
    if (keyRule) issues.push({ path: formatPath([...path, key], prefix), rule: `key ${keyRule}` });
    visit(child, [...path, key], prefix, issues);
  }
}

function ruleFor(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL_RULE;
  if (!text.isWellFormed()) return LONE_SURROGATE_RULE;
  return undefined;
}
