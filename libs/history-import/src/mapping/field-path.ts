import type { FieldIssue } from '@hindsight/contracts';

/** A dotted path into a source record: `instruction`, `meta.rater`, `responses.0.text` (digits index arrays). */
export const FIELD_PATH_PATTERN = /^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/;
export const RULE_FIELD_PATH =
  'must be a field path (names and array indexes joined by dots, e.g. meta.rater or responses.0.text)';

/** A `{name}` placeholder in a template. */
const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Reads a value at a dotted path; `undefined` when any step is missing.
 *
 * @example readPath({ a: { b: [10, 20] } }, 'a.b.1') // 20
 */
export function readPath(record: unknown, path: string): unknown {
  let value: unknown = record;
  for (const step of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Array.isArray(value)
      ? /^\d+$/.test(step)
        ? value[Number(step)]
        : undefined
      : (value as Record<string, unknown>)[step];
  }
  return value;
}

/**
 * The placeholders of a template, each checked: a field path, or one of `variables`.
 * Returns the issues found under `mappingPath` (empty when the template is sound).
 *
 * @example templateIssues('pandalm-{idx}', 'taskId', []) // []
 */
export function templateIssues(template: string, mappingPath: string, variables: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stripped = template.replace(PLACEHOLDER, '');
  if (stripped.includes('{') || stripped.includes('}'))
    issues.push({ path: mappingPath, rule: 'has an unbalanced { or }' });
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!variables.includes(name) && !FIELD_PATH_PATTERN.test(name))
      issues.push({ path: mappingPath, rule: `placeholder {${name}} ${RULE_FIELD_PATH}` });
  }
  return issues;
}

export type TemplateResult = { readonly value: string } | { readonly issue: FieldIssue };

/**
 * Fills a template's `{placeholders}` from `variables` first, then from the record's fields. A field
 * that is missing, or not a string or finite number, is an issue naming that field.
 *
 * @example renderTemplate('pandalm-{idx}', { idx: 7 }, {}) // { value: 'pandalm-7' }
 */
export function renderTemplate(
  template: string,
  record: unknown,
  variables: Readonly<Record<string, string>>,
): TemplateResult {
  let issue: FieldIssue | undefined;
  const value = template.replace(PLACEHOLDER, (_, name: string) => {
    if (name in variables) return variables[name];
    const field = readPath(record, name);
    if (typeof field === 'string' || (typeof field === 'number' && Number.isFinite(field))) return String(field);
    issue ??= { path: name, rule: `expected text or a number for {${name}}, got ${describeValue(field)}` };
    return '';
  });
  return issue ? { issue } : { value };
}

/** `boolean true`, `missing`, `null`, `object`, `a number (NaN)`: for rejection reasons. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'text';
  return typeof value === 'object' ? 'an object' : typeof value;
}
