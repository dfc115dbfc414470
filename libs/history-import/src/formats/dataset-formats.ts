import { argilla } from './argilla';
import type { DatasetFormat, DatasetFormatName } from './format-options';
import { hhRlhf } from './hh-rlhf';
import { kto } from './kto';
import { labelStudio } from './label-studio';
import { ratings } from './ratings';
import { trlConversational } from './trl-conversational';
import { trlPreference } from './trl-preference';
import { ultrafeedback } from './ultrafeedback';

/** Every format `hindsight import --format` reads, by name. */
export const DATASET_FORMAT_READERS: Readonly<Record<DatasetFormatName, DatasetFormat>> = {
  'trl-preference': trlPreference,
  'hh-rlhf': hhRlhf,
  'trl-conversational': trlConversational,
  ultrafeedback,
  'label-studio': labelStudio,
  argilla,
  kto,
  ratings,
};

/**
 * The formats whose shape a row has (for auto-detection from the first row): one name means
 * the format is known; none or several mean the caller must name it.
 *
 * @example detectDatasetFormats({ prompt: 'Q', chosen: 'A', rejected: 'B' }) // ['trl-preference']
 */
export function detectDatasetFormats(row: unknown): DatasetFormatName[] {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return [];
  return Object.values(DATASET_FORMAT_READERS)
    .filter((format) => format.matches(row as Record<string, unknown>))
    .map((format) => format.name);
}
