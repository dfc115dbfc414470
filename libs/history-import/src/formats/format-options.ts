import type { MappedRecord } from '../record/map-record';

/** The published layouts `hindsight import --format` reads without a mapping file. */
export const DATASET_FORMATS = [
  'trl-preference',
  'hh-rlhf',
  'trl-conversational',
  'ultrafeedback',
  'label-studio',
  'argilla',
  'kto',
  'ratings',
] as const;
export type DatasetFormatName = (typeof DATASET_FORMATS)[number];

/**
 * What a published layout does not carry, filled in from the command line. Each has a
 * documented default (`FORMAT_DEFAULTS`); `dataset` names the data set in idempotency keys,
 * task ids and provenance.
 */
export interface FormatOptions {
  /** A slug naming the data set (default: the file name, slugged). */
  readonly dataset: string;
  /** The objective of formats without one (every format but UltraFeedback's per-aspect scores). */
  readonly objective: string;
  readonly taskType: string;
  readonly locale: string;
  /** The rater id of rows that name no annotator (TRL, HH-RLHF, UltraFeedback); default `import-{dataset}`. */
  readonly rater?: string;
  readonly guidelineVersion: string;
  /** The model version of responses whose model the layout does not name. */
  readonly modelVersion: string;
  /** The data set's licence, kept in every comparison's provenance. */
  readonly licence?: string;
  /** `occurredAt` of every comparison (the layouts carry no time of their own, Label Studio's aside). */
  readonly occurredAt?: string;
}

export const FORMAT_DEFAULTS = {
  objective: 'overall',
  taskType: 'chat',
  locale: 'en',
  guidelineVersion: 'imported',
  modelVersion: 'unknown',
} as const;

/** One format: what it is, where its layout is documented, how to recognise and read a row. */
export interface DatasetFormat {
  readonly name: DatasetFormatName;
  /** The layout, in one line (for `--help` and the README). */
  readonly layout: string;
  /** Where the layout is documented. */
  readonly documentation: string;
  /** Whether a parsed row has this layout's shape (for auto-detection from the first row). */
  readonly matches: (row: Readonly<Record<string, unknown>>) => boolean;
  /** The comparisons of one row; pure and total: problems come back as rejections with reasons. */
  readonly read: (row: unknown, position: number, options: FormatOptions) => MappedRecord;
  /**
   * Layouts whose records span several rows (the ratings export: one row per dimension)
   * read the whole file at once; the results name the row each record starts at.
   */
  readonly readAll?: (
    rows: readonly GroupedRow[],
    options: FormatOptions,
  ) => readonly { readonly row: number; readonly line?: number; readonly result: MappedRecord }[];
}

/** One parsed row of a file, with its 0-based position and 1-based line (JSON Lines). */
export interface GroupedRow {
  readonly record: unknown;
  readonly row: number;
  readonly line?: number;
}
