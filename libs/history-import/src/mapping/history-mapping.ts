import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  formatZodIssues,
  ID_PATTERN,
  LOCALE_PATTERN,
  RULE_ID,
  RULE_LOCALE,
  RULE_SLUG,
  RULE_TOKEN,
  SLUG_PATTERN,
  TOKEN_PATTERN,
  ValidationError,
  type FieldIssue,
} from '@hindsight/contracts';
import { FIELD_PATH_PATTERN, RULE_FIELD_PATH, templateIssues } from './field-path';

const fieldPath = () => z.string().regex(FIELD_PATH_PATTERN, { error: RULE_FIELD_PATH });
const isoInstant = z.iso.datetime({ error: 'must be an ISO-8601 UTC instant such as 2023-06-01T00:00:00Z' });

/** The template variables every template may use besides record fields. */
export const ROW_VARIABLES = ['row'] as const;
/** Rater templates may also use `{column}`, the annotator column's name. */
export const RATER_VARIABLES = ['row', 'column'] as const;

/**
 * A model version: a constant (`value`), or a record field (`field`), optionally split on a
 * separator and one part taken (`cmp_key: bloom-7b_llama-7b` with `split: "_"`, `part: 1` → `llama-7b`).
 */
const modelVersionSchema = z.strictObject({
  value: z.string().regex(TOKEN_PATTERN, { error: RULE_TOKEN }).optional(),
  field: fieldPath().optional(),
  split: z.string().min(1).optional(),
  part: z.number().int().min(0).optional(),
});

/**
 * How one kind of source record becomes `comparison.recorded` events: one event per annotator
 * column that holds a label. Validated by `normaliseHistoryMapping`; every error names the
 * mapping field (`labels.3`, `responses[1].modelVersion.field`).
 */
export const historyMappingSchema = z.strictObject({
  /** Names the data set in idempotency keys: `import:{source}:{row id}:{column}`. */
  source: z.string().regex(SLUG_PATTERN, { error: RULE_SLUG }),
  /** Field holding the row's stable id; without it, the row's 0-based position in the file. */
  rowId: fieldPath().optional(),
  /** Template of the task id (`pandalm-{idx}`); `{row}` is the position. */
  taskId: z.string().min(1),
  taskType: z.string().regex(SLUG_PATTERN, { error: RULE_SLUG }),
  objective: z.string().regex(SLUG_PATTERN, { error: RULE_SLUG }),
  guidelineVersion: z.string().regex(TOKEN_PATTERN, { error: RULE_TOKEN }),
  locale: z.string().regex(LOCALE_PATTERN, { error: RULE_LOCALE }),
  interfaceVersion: z.string().regex(TOKEN_PATTERN, { error: RULE_TOKEN }).optional(),
  /** The prompt: the non-empty text of these fields, joined by `separator`. */
  prompt: z.strictObject({
    fields: z.array(fieldPath()).min(1),
    separator: z.string().default('\n\n'),
  }),
  responses: z
    .array(
      z.strictObject({
        /** The response id inside each comparison (what `labels` and `shownOrder` name). */
        id: z.string().regex(ID_PATTERN, { error: RULE_ID }),
        /** Field holding the response text. */
        text: fieldPath(),
        modelVersion: modelVersionSchema,
      }),
    )
    .min(2)
    .max(16),
  /** Response ids in the order the rater saw them (first = left/top); defaults to the order of `responses`. */
  shownOrder: z.array(z.string()).optional(),
  raters: z.strictObject({
    /** One comparison per column that holds a label (or none, with `winner`). */
    columns: z.array(fieldPath()).min(1).optional(),
    /** Template of the rater id; `{column}` is the column's name. */
    id: z.string().min(1).default('{column}'),
  }),
  /** Source label → `tie` or a response id. Keys are the labels as text (`0`, `1`, `2`). */
  labels: z.record(z.string(), z.string()).optional(),
  /**
   * A constant label instead of annotator columns: every row's winner is this response id (or
   * `tie`), e.g. `winner: chosen` for a data set whose `chosen` column is the preferred response.
   * One comparison per row, under the column name `winner`.
   */
  winner: z.string().optional(),
  /** The data set's licence, kept in each comparison's provenance. */
  licence: z.string().regex(TOKEN_PATTERN, { error: RULE_TOKEN }).optional(),
  /** When it happened: a field (ISO-8601 with a zone, or epoch milliseconds), else the default, else the api's recordedAt. */
  occurredAt: z.strictObject({ field: fieldPath().optional(), default: isoInstant.optional() }).default({}),
  /** Dwell time in ms: a field, else the default. */
  dwellTimeMs: z
    .strictObject({ field: fieldPath().optional(), default: z.number().int().min(0).default(0) })
    .default({ default: 0 }),
  /** Field holding the strength (1 slightly, 2 clearly, 3 much better); absent → no strength. */
  strength: fieldPath().optional(),
});

export type HistoryMapping = z.output<typeof historyMappingSchema>;

/**
 * Validates a mapping (already parsed from YAML or JSON) and fills in defaults.
 * Cross-field rules: each response id is unique; each label maps to `tie` or a response id;
 * `shownOrder` lists every response id once; a model version names exactly one of
 * `value`/`field`, and `split` goes with `part`; templates use field paths or their variables.
 *
 * @example normaliseHistoryMapping(parseYaml(text)).raters.columns // ['annotator1', …]
 * @throws ValidationError with one issue per broken rule, each naming the mapping field.
 */
export function normaliseHistoryMapping(input: unknown): HistoryMapping {
  const parsed = historyMappingSchema.safeParse(input ?? {}, { reportInput: true });
  if (!parsed.success)
    throw new ValidationError(
      formatZodIssues(parsed.error.issues),
      mappingMessage(formatZodIssues(parsed.error.issues)),
    );
  const mapping = parsed.data;
  const issues: FieldIssue[] = [];
  const ids = mapping.responses.map((r) => r.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push({ path: `responses[${i}].id`, rule: 'must be unique' });
  });
  mapping.responses.forEach((response, i) => {
    const mv = response.modelVersion;
    const at = `responses[${i}].modelVersion`;
    if ((mv.value === undefined) === (mv.field === undefined))
      issues.push({ path: at, rule: 'must have exactly one of value or field' });
    if (mv.value !== undefined && (mv.split !== undefined || mv.part !== undefined))
      issues.push({ path: at, rule: 'split and part go with field, not value' });
    if ((mv.split === undefined) !== (mv.part === undefined))
      issues.push({
        path: `${at}.${mv.split === undefined ? 'split' : 'part'}`,
        rule: 'required when the other of split and part is set',
      });
  });
  for (const [label, target] of Object.entries(mapping.labels ?? {})) {
    if (target !== 'tie' && !ids.includes(target))
      issues.push({ path: `labels.${label}`, rule: `must be "tie" or one of the response ids (${ids.join(', ')})` });
  }
  if (mapping.winner === undefined) {
    if (mapping.raters.columns === undefined)
      issues.push({ path: 'raters.columns', rule: 'required unless winner names a constant label' });
    if (mapping.labels === undefined)
      issues.push({ path: 'labels', rule: 'required unless winner names a constant label' });
    else if (Object.keys(mapping.labels).length === 0)
      issues.push({ path: 'labels', rule: 'must map at least one label' });
  } else {
    if (mapping.winner !== 'tie' && !ids.includes(mapping.winner))
      issues.push({ path: 'winner', rule: `must be "tie" or one of the response ids (${ids.join(', ')})` });
    if (mapping.raters.columns !== undefined)
      issues.push({
        path: 'raters.columns',
        rule: 'must be absent with winner (a constant label has no annotator columns)',
      });
    if (mapping.labels !== undefined)
      issues.push({ path: 'labels', rule: 'must be absent with winner (a constant label needs no label map)' });
  }
  if (mapping.shownOrder) {
    mapping.shownOrder.forEach((id, i) => {
      if (!ids.includes(id))
        issues.push({ path: `shownOrder[${i}]`, rule: `must be one of the response ids (${ids.join(', ')})` });
      else if (mapping.shownOrder?.indexOf(id) !== i) issues.push({ path: `shownOrder[${i}]`, rule: 'must be unique' });
    });
    if (mapping.shownOrder.length !== ids.length)
      issues.push({ path: 'shownOrder', rule: 'must list every response id exactly once' });
  }
  const columns = mapping.raters.columns ?? [];
  columns.forEach((column, i) => {
    if (columns.indexOf(column) !== i) issues.push({ path: `raters.columns[${i}]`, rule: 'must be unique' });
  });
  issues.push(
    ...templateIssues(mapping.taskId, 'taskId', ROW_VARIABLES),
    ...templateIssues(mapping.raters.id, 'raters.id', RATER_VARIABLES),
  );
  if (issues.length > 0) throw new ValidationError(issues, mappingMessage(issues));
  return { ...mapping, shownOrder: mapping.shownOrder ?? ids };
}

/**
 * Parses mapping YAML text; a YAML syntax error is a ValidationError on `mapping`.
 * @throws ValidationError naming each bad field.
 */
export function parseHistoryMappingYaml(text: string): HistoryMapping {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ValidationError([
      {
        path: 'mapping',
        rule: `must be valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      },
    ]);
  }
  return normaliseHistoryMapping(value);
}

function mappingMessage(issues: readonly FieldIssue[]): string {
  return `invalid mapping: ${issues.map((i) => `${i.path}: ${i.rule}`).join('; ')}`;
}
