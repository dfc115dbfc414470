import type { Split } from './split-of-task';

/** One line of train/validation/test.jsonl: what TRL's reward and DPO trainers read, plus an id and the recipe's weight. */
export interface DatasetRow {
  readonly id: string;
  readonly prompt: string;
  readonly chosen: string;
  readonly rejected: string;
  readonly margin?: number;
  readonly weight: number;
}

export interface PlacedRow {
  readonly split: Split;
  readonly row: DatasetRow;
  readonly objective: string;
  readonly raterGroup: string;
  readonly raterId: string;
  /** a person's label, or an admitted AI judge's */
  readonly labelSource: LabelSource;
}

/** Who gave a pair's label: a person (raters and users), or an AI judge the recipe admitted. */
export type LabelSource = 'human' | 'judge';

export interface Exclusion {
  readonly annotationId: string;
  readonly taskId: string;
  readonly reason: ExclusionReason;
}

export const EXCLUSION_REASONS = [
  'retracted',
  'objective-not-in-recipe',
  'outside-window',
  'low-rater-agreement',
  'group-weight-zero',
  'tie',
  'order-disagreement',
  'duplicate',
  'judge-not-admitted',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** Serialises a row with a fixed key order, so equal rows are equal bytes. */
export function serialiseRow(row: DatasetRow): string {
  const ordered: Record<string, unknown> = {
    id: row.id,
    prompt: row.prompt,
    chosen: row.chosen,
    rejected: row.rejected,
  };
  if (row.margin !== undefined) ordered.margin = row.margin;
  ordered.weight = row.weight;
  return JSON.stringify(ordered);
}
