import type { FieldIssue } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import { completionToText, conversationToText, readMessages, type ChatMessage } from './conversation-text';
import { asObject, isMappedRecord, rejectRow, rowIdOf } from './format-comparison';
import type { DatasetFormat } from './format-options';
import { pairRecord, strengthOfMargin } from './trl-preference';

/**
 * TRL's conversational preference layout: `{ prompt, chosen, rejected }` as lists of
 * `{ role, content }` messages; without `prompt` (implicit), the prompt is the messages both
 * dialogues share and the rest of each is its response. Roles are kept: the prompt is stored as
 * the messages' JSON (`conversationToText`), a response as its content when it is one assistant
 * message, else as JSON too. Optional `id` and `margin` as in `trl-preference`. A text `prompt`
 * beside message lists (HuggingFaceH4/ultrafeedback_binarized: `prompt`, `prompt_id`, `chosen`,
 * `rejected`, `score_chosen`, `score_rejected`) is read as the implicit layout, the row id from
 * `prompt_id`, the score difference as strength (rounded, 1 to 3).
 * Layout: https://huggingface.co/docs/trl/dataset_formats ("Preference", conversational);
 * https://huggingface.co/datasets/HuggingFaceH4/ultrafeedback_binarized (dataset card, "Dataset Structure").
 */
export const trlConversational: DatasetFormat = {
  name: 'trl-conversational',
  layout: '{ prompt?, chosen, rejected } as lists of { role, content } messages (TRL conversational preference)',
  documentation: 'https://huggingface.co/docs/trl/dataset_formats#preference',
  matches: (row) =>
    Array.isArray(row.chosen) &&
    Array.isArray(row.rejected) &&
    (row.prompt === undefined || Array.isArray(row.prompt) || typeof row.prompt === 'string'),
  read: (input, position, options) => {
    const row = asObject(input, position);
    if (isMappedRecord(row)) return row;
    const rowId = rowIdOf(row, position, row.id === undefined && row.prompt_id !== undefined ? 'prompt_id' : 'id');
    const implicit = !Array.isArray(row.prompt);
    const issues: FieldIssue[] = [];
    const messages = (field: string): ChatMessage[] => {
      const value = readMessages(row[field]);
      if (value === undefined)
        issues.push({
          path: field,
          rule: `expected a non-empty list of { role, content } messages with text, got ${describeValue(row[field])}`,
        });
      return value ?? [];
    };
    let chosen = messages('chosen');
    let rejected = messages('rejected');
    let prompt: ChatMessage[] = [];
    if (!implicit) prompt = messages('prompt');
    if (issues.length > 0) return rejectRow(rowId, issues);
    if (implicit) {
      let shared = 0;
      while (
        shared < chosen.length - 1 &&
        shared < rejected.length - 1 &&
        chosen[shared].role === rejected[shared].role &&
        chosen[shared].content === rejected[shared].content
      )
        shared += 1;
      if (shared === 0)
        return rejectRow(rowId, [
          {
            path: 'chosen+rejected',
            rule: 'chosen and rejected share no first message, so the prompt cannot be split off',
          },
        ]);
      prompt = chosen.slice(0, shared);
      chosen = chosen.slice(shared);
      rejected = rejected.slice(shared);
    }
    const empty =
      [...chosen, ...rejected].length === 0 || [chosen, rejected].some((m) => completionToText(m).trim() === '');
    if (empty) return rejectRow(rowId, [{ path: 'chosen', rule: 'a response has no text' }]);
    return pairRecord(
      options,
      rowId,
      position,
      conversationToText(prompt),
      completionToText(chosen),
      completionToText(rejected),
      strengthOfMargin(row.margin) ?? strengthOfScores(row.score_chosen, row.score_rejected),
    );
  },
};

/** The difference of two scores as a strength (rounded, 1 to 3); none unless chosen scored higher. */
export function strengthOfScores(chosen: unknown, rejected: unknown): number | undefined {
  if (
    typeof chosen !== 'number' ||
    typeof rejected !== 'number' ||
    !Number.isFinite(chosen) ||
    !Number.isFinite(rejected) ||
    chosen <= rejected
  )
    return undefined;
  return Math.min(3, Math.max(1, Math.round(chosen - rejected)));
}
