import type { FieldIssue } from '@hindsight/contracts';
import { asObject, isMappedRecord, readText, rejectRow, rowIdOf } from './format-comparison';
import type { DatasetFormat } from './format-options';
import { splitImplicitPrompt } from './split-implicit-prompt';
import { pairRecord } from './trl-preference';

/**
 * Anthropic's HH-RLHF layout (TRL's implicit prompt): `{ chosen, rejected }`, each the whole
 * dialogue `"\n\nHuman: … \n\nAssistant: …"`. The prompt is split off at the last assistant turn
 * both share (`splitImplicitPrompt`), so prompt + chosen and prompt + rejected are the original
 * texts exactly; a row without a shared turn is rejected with that reason.
 * Layout: https://github.com/anthropics/hh-rlhf (README, "Human preference data about helpfulness
 * and harmlessness"), and https://huggingface.co/docs/trl/dataset_formats (implicit prompt).
 */
export const hhRlhf: DatasetFormat = {
  name: 'hh-rlhf',
  layout: '{ chosen, rejected } as whole dialogues "\\n\\nHuman: … \\n\\nAssistant: …" (implicit prompt)',
  documentation: 'https://github.com/anthropics/hh-rlhf',
  matches: (row) => row.prompt === undefined && typeof row.chosen === 'string' && typeof row.rejected === 'string',
  read: (input, position, options) => {
    const row = asObject(input, position);
    if (isMappedRecord(row)) return row;
    const rowId = rowIdOf(row, position);
    const issues: FieldIssue[] = [];
    const chosen = readText(row, 'chosen', issues, 'dialogue text');
    const rejected = readText(row, 'rejected', issues, 'dialogue text');
    if (issues.length > 0) return rejectRow(rowId, issues);
    const split = splitImplicitPrompt(chosen, rejected);
    if ('reason' in split) return rejectRow(rowId, [{ path: 'chosen+rejected', rule: split.reason }]);
    return pairRecord(options, rowId, position, split.prompt, split.chosen, split.rejected);
  },
};
