import type { FeedbackRecordedInput, FieldIssue, InteractionLoggedInput } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import { importIdempotencyKey, type MappedRecord } from '../record/map-record';
import { asObject, isMappedRecord, readText, rejectRow, rowIdOf, taskIdOf } from './format-comparison';
import type { DatasetFormat, FormatOptions } from './format-options';

/** The key names of an unpaired preference row: TRL's, or OpenRLHF's defaults (train_kto.py). */
const KEY_NAMES = [
  { prompt: 'prompt', completion: 'completion' },
  { prompt: 'input', completion: 'output' },
] as const;

const keysOf = (row: Readonly<Record<string, unknown>>) =>
  KEY_NAMES.find((k) => typeof row[k.prompt] === 'string' && typeof row[k.completion] === 'string');

/**
 * The unpaired preference (KTO) layout: `{ prompt, completion, label }` (TRL) or
 * `{ input, output, label }` (OpenRLHF), `label` a boolean. Each row becomes one
 * `interaction.logged` (interaction id `{dataset}-{row id}`, so a re-import names
 * the same interaction) and one `feedback.recorded` on it: `label` true is a
 * thumbs-up, false a thumbs-down. Export → import → export gives the same rows:
 * every KTO row comes back as a thumb, whatever made it (thumbs, an outcome, a rating).
 */
export const kto: DatasetFormat = {
  name: 'kto',
  layout:
    '{ prompt, completion, label } (TRL unpaired preference) or { input, output, label } (OpenRLHF), label a boolean; optional id',
  documentation: 'https://huggingface.co/docs/trl/dataset_formats#unpaired-preference',
  matches: (row) => keysOf(row) !== undefined && typeof row.label === 'boolean',
  read: (input, position, options) => {
    const row = asObject(input, position);
    if (isMappedRecord(row)) return row;
    return readKtoRow(row, position, options);
  },
};

function readKtoRow(row: Readonly<Record<string, unknown>>, position: number, options: FormatOptions): MappedRecord {
  const rowId = rowIdOf(row, position);
  const keys = keysOf(row) ?? KEY_NAMES[0];
  const issues: FieldIssue[] = [];
  const prompt = readText(row, keys.prompt, issues, 'prompt text');
  const completion = readText(row, keys.completion, issues, 'completion text');
  if (typeof row.label !== 'boolean')
    issues.push({ path: 'label', rule: `expected true or false, got ${describeValue(row.label)}` });
  if (issues.length > 0) return rejectRow(rowId, issues);
  const interactionId = taskIdOf(options, rowId, position);
  const occurredAt = options.occurredAt === undefined ? {} : { occurredAt: options.occurredAt };
  const interaction: InteractionLoggedInput = {
    type: 'interaction.logged',
    idempotencyKey: importIdempotencyKey(options.dataset, rowId, 'interaction'),
    ...occurredAt,
    data: { interactionId, prompt, response: completion, modelVersion: options.modelVersion },
  };
  const feedback: FeedbackRecordedInput = {
    type: 'feedback.recorded',
    idempotencyKey: importIdempotencyKey(options.dataset, rowId, 'label'),
    ...occurredAt,
    data: { interactionId, kind: row.label === true ? 'thumbs-up' : 'thumbs-down' },
  };
  return {
    rowId,
    comparisons: [
      { column: 'interaction', event: interaction },
      { column: 'label', event: feedback },
    ],
    rejections: [],
    unlabelled: [],
  };
}
