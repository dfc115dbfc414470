import type { FieldIssue } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import { asObject, buildComparison, isMappedRecord, readText, rejectRow, rowIdOf } from './format-comparison';
import type { DatasetFormat, FormatOptions } from './format-options';

/** TRL RewardTrainer's `margin` becomes the strength when it is one of the platform's strengths. */
export function strengthOfMargin(margin: unknown): number | undefined {
  return margin === 1 || margin === 2 || margin === 3 ? margin : undefined;
}

/**
 * TRL's standard preference layout with an explicit prompt: `{ prompt, chosen, rejected }`, all
 * text; optional `id` (the row id) and `margin` (1, 2 or 3 → strength). One comparison per row:
 * `chosen` preferred to `rejected`, shown in that order.
 * Layout: https://huggingface.co/docs/trl/dataset_formats ("Preference", standard, explicit prompt).
 */
export const trlPreference: DatasetFormat = {
  name: 'trl-preference',
  layout: '{ prompt, chosen, rejected } as text (TRL standard preference, explicit prompt); optional id, margin',
  documentation: 'https://huggingface.co/docs/trl/dataset_formats#preference',
  matches: (row) =>
    typeof row.prompt === 'string' && typeof row.chosen === 'string' && typeof row.rejected === 'string',
  read: (input, position, options) => {
    const row = asObject(input, position);
    if (isMappedRecord(row)) return row;
    const rowId = rowIdOf(row, position);
    const issues: FieldIssue[] = [];
    const prompt = readText(row, 'prompt', issues, 'prompt text');
    const chosen = readText(row, 'chosen', issues, 'response text');
    const rejected = readText(row, 'rejected', issues, 'response text');
    if (issues.length > 0) return rejectRow(rowId, issues);
    return pairRecord(options, rowId, position, prompt, chosen, rejected, strengthOfMargin(row.margin));
  },
};

/** The one comparison of a chosen/rejected pair. */
export function pairRecord(
  options: FormatOptions,
  rowId: string,
  position: number,
  prompt: string,
  chosen: string,
  rejected: string,
  strength?: number,
) {
  if (chosen === rejected) return rejectRow(rowId, [{ path: 'chosen', rule: 'chosen and rejected are the same text' }]);
  const comparison = buildComparison(options, rowId, position, {
    column: 'pair',
    prompt,
    responses: [
      { id: 'chosen', text: chosen },
      { id: 'rejected', text: rejected },
    ],
    winner: 'chosen',
    strength,
  });
  return { rowId, comparisons: [comparison], rejections: [], unlabelled: [] };
}

export const notText = (field: string, value: unknown): FieldIssue => ({
  path: field,
  rule: `expected text, got ${describeValue(value)}`,
});
