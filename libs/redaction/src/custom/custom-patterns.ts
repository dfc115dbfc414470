import safeRegex from 'safe-regex2';
import type { PiiMatch } from '../pii-kinds';

/** A tenant's own pattern: `name` becomes the placeholder `[CUSTOM:<name>]`. */
export interface CustomPattern {
  readonly name: string;
  readonly pattern: string;
  readonly caseInsensitive?: boolean;
}

export const MAX_CUSTOM_PATTERNS = 20;
export const MAX_PATTERN_CHARS = 200;
/** safe-regex2's star height and repetition limit: nested quantifiers (`(a+)+`) are what backtracks exponentially. */
const MAX_REPETITIONS = 25;
export const CUSTOM_NAME = /^[a-z][a-z0-9-]{0,39}$/;

export interface PatternIssue {
  readonly path: string;
  readonly rule: string;
}

/**
 * Why a tenant's custom patterns cannot be used, one issue per broken rule, each naming its field
 * (`custom[2].pattern`); empty when they can. A pattern must compile as a JavaScript regular expression
 * with the `u` flag, be at most 200 characters, be judged safe from catastrophic backtracking by
 * `safe-regex2` (star height ≤ 1, at most 25 repetitions), and not match the empty string. Pure.
 *
 * @example customPatternIssues([{ name: 'ticket', pattern: '(a+)+' }]) // [{ path: 'custom[0].pattern', rule: … }]
 */
export function customPatternIssues(patterns: readonly CustomPattern[]): PatternIssue[] {
  const issues: PatternIssue[] = [];
  if (patterns.length > MAX_CUSTOM_PATTERNS)
    issues.push({ path: 'custom', rule: `at most ${MAX_CUSTOM_PATTERNS} patterns` });
  const names = new Set<string>();
  patterns.forEach((p, i) => {
    if (!CUSTOM_NAME.test(p.name))
      issues.push({
        path: `custom[${i}].name`,
        rule: 'lower-case letters, digits and hyphens, starting with a letter, at most 40',
      });
    else if (names.has(p.name)) issues.push({ path: `custom[${i}].name`, rule: 'must be unique' });
    names.add(p.name);
    const rule = patternRule(p.pattern);
    if (rule) issues.push({ path: `custom[${i}].pattern`, rule });
  });
  return issues;
}

function patternRule(pattern: string): string | undefined {
  if (pattern.length === 0) return 'must not be empty';
  if (pattern.length > MAX_PATTERN_CHARS) return `at most ${MAX_PATTERN_CHARS} characters`;
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'u');
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  if (!safeRegex(compiled, { limit: MAX_REPETITIONS }))
    return 'may backtrack catastrophically (nested quantifiers or more than 25 repetitions); simplify it';
  if (compiled.test('')) return 'must not match the empty string';
  return undefined;
}

/** A validated pattern, compiled once per policy. */
export interface CompiledPattern {
  readonly name: string;
  readonly regex: RegExp;
}

/** Compiles patterns that passed `customPatternIssues`; throws naming the function on one that did not. */
export function compileCustomPatterns(patterns: readonly CustomPattern[]): CompiledPattern[] {
  const issues = customPatternIssues(patterns);
  if (issues.length > 0) throw new Error(`compileCustomPatterns: ${issues[0].path}: ${issues[0].rule}`);
  return patterns.map((p) => ({ name: p.name, regex: new RegExp(p.pattern, p.caseInsensitive ? 'giu' : 'gu') }));
}

export function findCustom(text: string, patterns: readonly CompiledPattern[]): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const { name, regex } of patterns) {
    for (const m of text.matchAll(regex)) {
      if (m[0].length > 0) found.push({ kind: `custom:${name}`, start: m.index, end: m.index + m[0].length });
    }
  }
  return found;
}
