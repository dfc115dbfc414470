import type { FieldIssue, RatingRecordedInput } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import { importIdempotencyKey, type MappedRecord } from '../record/map-record';
import { asObject, defaultRater, isMappedRecord, readText, rejectRow, rowIdOf, taskIdOf } from './format-comparison';
import type { DatasetFormat, FormatOptions, GroupedRow } from './format-options';

const COLUMNS = ['prompt', 'response', 'objective', 'dimension', 'score', 'scale_min', 'scale_max'] as const;

interface RatingCell {
  readonly position: number;
  readonly rowId: string;
  readonly prompt: string;
  readonly response: string;
  readonly objective: string;
  readonly dimension: string;
  readonly score: number;
  readonly scale: { readonly min: number; readonly max: number };
  readonly raterId?: string;
}

/** One row of the ratings export, checked; or the row's rejection. */
function readCell(input: unknown, position: number): RatingCell | MappedRecord {
  const row = asObject(input, position);
  if (isMappedRecord(row)) return row;
  const rowId = rowIdOf(row, position);
  const issues: FieldIssue[] = [];
  const prompt = readText(row, 'prompt', issues, 'prompt text');
  const response = readText(row, 'response', issues, 'response text');
  const objective = readText(row, 'objective', issues, 'objective slug');
  const dimension = readText(row, 'dimension', issues, 'dimension slug');
  const number = (field: string, integer: boolean) => {
    const value = row[field];
    if (typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value))) return value;
    issues.push({
      path: field,
      rule: `expected ${integer ? 'a whole number' : 'a number'}, got ${describeValue(value)}`,
    });
    return 0;
  };
  const score = number('score', false);
  const min = number('scale_min', true);
  const max = number('scale_max', true);
  if (issues.length > 0) return rejectRow(rowId, issues);
  const raterId = typeof row.rater_id === 'string' && row.rater_id !== '' ? { raterId: row.rater_id } : {};
  return { position, rowId, prompt, response, objective, dimension, score, scale: { min, max }, ...raterId };
}

/**
 * The ratings export, one row per rubric dimension: `{ prompt, response, objective,
 * dimension, score, scale_min, scale_max }` (optional `rater_id`). Rows of the same
 * prompt, response, objective, scale and rater make one `rating.recorded` with a
 * score per dimension; a dimension seen again in such a group starts the next rating
 * (two raters of the same response without rater ids stay two ratings). The task id
 * is `{dataset}-{row id of the rating's first row}`, the idempotency key names that row.
 */
export const ratings: DatasetFormat = {
  name: 'ratings',
  layout:
    '{ prompt, response, objective, dimension, score, scale_min, scale_max } one row per dimension (the ratings export); optional rater_id',
  documentation: 'README.md#dataset-exports (the ratings export)',
  matches: (row) =>
    COLUMNS.every((c) => c in row) && typeof row.dimension === 'string' && typeof row.score === 'number',
  read: (input, position, options) => {
    const cell = readCell(input, position);
    if (isMappedRecord(cell)) return cell;
    return ratingRecord(options, [cell]);
  },
  readAll: (rows, options) => groupRatingRows(rows, options),
};

/** Groups the rows of a ratings file into ratings (see `ratings`); rejected rows come back on their own. */
export function groupRatingRows(
  rows: readonly GroupedRow[],
  options: FormatOptions,
): { readonly row: number; readonly line?: number; readonly result: MappedRecord }[] {
  const out: { row: number; line?: number; result: MappedRecord }[] = [];
  const groups = new Map<string, { first: GroupedRow; cells: RatingCell[] }[]>();
  const order: { first: GroupedRow; cells: RatingCell[] }[] = [];
  for (const item of rows) {
    const cell = readCell(item.record, item.row);
    if (isMappedRecord(cell)) {
      out.push({ row: item.row, line: item.line, result: cell });
      continue;
    }
    const key = JSON.stringify([
      cell.prompt,
      cell.response,
      cell.objective,
      cell.scale.min,
      cell.scale.max,
      cell.raterId ?? null,
    ]);
    const list = groups.get(key) ?? [];
    groups.set(key, list);
    let rating = list.find((r) => !r.cells.some((c) => c.dimension === cell.dimension));
    if (!rating) {
      rating = { first: item, cells: [] };
      list.push(rating);
      order.push(rating);
    }
    rating.cells.push(cell);
  }
  for (const rating of order)
    out.push({ row: rating.first.row, line: rating.first.line, result: ratingRecord(options, rating.cells) });
  return out.sort((a, b) => a.row - b.row);
}

function ratingRecord(options: FormatOptions, cells: readonly RatingCell[]): MappedRecord {
  const first = cells[0];
  const event: RatingRecordedInput = {
    type: 'rating.recorded',
    idempotencyKey: importIdempotencyKey(options.dataset, first.rowId, 'rating'),
    ...(options.occurredAt === undefined ? {} : { occurredAt: options.occurredAt }),
    data: {
      taskId: taskIdOf(options, first.rowId, first.position),
      taskType: options.taskType,
      prompt: first.prompt,
      response: { id: 'response', text: first.response, modelVersion: options.modelVersion },
      scale: first.scale,
      scores: Object.fromEntries(cells.map((c) => [c.dimension, c.score])),
      objective: first.objective,
      raterId: first.raterId ?? defaultRater(options),
      guidelineVersion: options.guidelineVersion,
      dwellTimeMs: 0,
      locale: options.locale,
    },
  };
  return { rowId: first.rowId, comparisons: [{ column: 'rating', event }], rejections: [], unlabelled: [] };
}
