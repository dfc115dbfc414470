import { ID_PATTERN, TOKEN_PATTERN, type ComparisonRecordedInput, type FieldIssue } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import { importIdempotencyKey, type MappedComparison, type MappedRecord } from '../record/map-record';
import type { FormatOptions } from './format-options';

/** What one comparison of a row needs beyond the options. */
export interface ComparisonParts {
  /** Names the comparison inside its row (idempotency key suffix and rejection column): `pair`, `helpfulness:0>1`. */
  readonly column: string;
  readonly prompt: string;
  readonly responses: readonly { readonly id: string; readonly text: string; readonly modelVersion?: string }[];
  /** A response id, or `tie`. */
  readonly winner: string;
  readonly strength?: number;
  readonly objective?: string;
  readonly raterId?: string;
  readonly occurredAt?: string;
  readonly dwellTimeMs?: number;
}

/**
 * The row id of idempotency keys and provenance: the row's own id (`id` field or the one named)
 * when it is a string or whole number that fits a key, else its 0-based position in the file.
 */
export function rowIdOf(row: Readonly<Record<string, unknown>>, position: number, field = 'id'): string {
  const value = row[field];
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' && Number.isInteger(value)
        ? String(value)
        : undefined;
  return text !== undefined && text.length <= 80 && TOKEN_PATTERN.test(text) ? text : String(position);
}

/** `{dataset}-{row id}` when that is a valid task id, else `{dataset}-row-{position}`. */
export function taskIdOf(options: FormatOptions, rowId: string, position: number): string {
  const id = `${options.dataset}-${rowId}`;
  return ID_PATTERN.test(id) && id.length <= 200 ? id : `${options.dataset}-row-${position}`;
}

/** The default rater of layouts that name none. */
export const defaultRater = (options: FormatOptions) => options.rater ?? `import-${options.dataset}`;

/** A `comparison.recorded` input with the row's provenance and a key fixed by data set, row and column. */
export function buildComparison(
  options: FormatOptions,
  rowId: string,
  position: number,
  parts: ComparisonParts,
): MappedComparison {
  const occurredAt = parts.occurredAt ?? options.occurredAt;
  const event: ComparisonRecordedInput = {
    type: 'comparison.recorded',
    idempotencyKey: importIdempotencyKey(options.dataset, rowId, parts.column),
    ...(occurredAt === undefined ? {} : { occurredAt }),
    data: {
      taskId: taskIdOf(options, rowId, position),
      taskType: options.taskType,
      prompt: parts.prompt,
      responses: parts.responses.map((r) => ({
        id: r.id,
        text: r.text,
        modelVersion: r.modelVersion ?? options.modelVersion,
      })),
      shownOrder: parts.responses.map((r) => r.id),
      choice: parts.winner === 'tie' ? { kind: 'tie' } : { kind: 'preferred', responseId: parts.winner },
      ...(parts.strength === undefined || parts.winner === 'tie' ? {} : { strength: parts.strength }),
      objective: parts.objective ?? options.objective,
      raterId: parts.raterId ?? defaultRater(options),
      guidelineVersion: options.guidelineVersion,
      dwellTimeMs: parts.dwellTimeMs ?? 0,
      locale: options.locale,
      provenance: {
        dataset: options.dataset,
        row: rowId,
        ...(options.licence === undefined ? {} : { licence: options.licence }),
      },
    },
  };
  return { column: parts.column, event };
}

/** A whole row refused: no comparison, the issues say why. */
export function rejectRow(rowId: string, issues: readonly FieldIssue[]): MappedRecord {
  return { rowId, comparisons: [], rejections: [{ issues }], unlabelled: [] };
}

/** The row as an object, or the rejection of a row that is not one. */
export function asObject(row: unknown, position: number): Readonly<Record<string, unknown>> | MappedRecord {
  if (row !== null && typeof row === 'object' && !Array.isArray(row)) return row as Record<string, unknown>;
  return rejectRow(String(position), [{ path: '(row)', rule: `expected an object, got ${describeValue(row)}` }]);
}

export const isMappedRecord = (value: unknown): value is MappedRecord =>
  value !== null && typeof value === 'object' && 'comparisons' in value && 'rejections' in value;

/** A text field, or an issue naming it. Empty text is an issue too: the contract refuses it. */
export function readText(
  row: Readonly<Record<string, unknown>>,
  field: string,
  issues: FieldIssue[],
  what = 'text',
): string {
  const value = row[field];
  if (typeof value === 'string' && value.trim() !== '') return value;
  issues.push({ path: field, rule: `expected non-empty ${what}, got ${describeValue(value)}` });
  return '';
}
