import { ID_PATTERN } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import type { MappedComparison, MappingRejection } from '../record/map-record';
import { asObject, buildComparison, isMappedRecord, rejectRow, rowIdOf } from './format-comparison';
import type { DatasetFormat } from './format-options';
import { annotatorOf, PROMPT_KEYS, raterIdOf } from './label-studio';

const TIE_VALUES = new Set(['tie', 'equal', 'same', 'both', 'neither']);

/**
 * Argilla 2's record export (`Record.to_dict`, what `Dataset.to_disk` and
 * `records.to_list(flatten=False)` write): `{ id, fields: { prompt, response1, response2 },
 * responses: { <question>: [{ value, user_id }] }, suggestions, metadata, _server_id }`. A
 * question's answer is a preference when its value names one of the response fields (a
 * LabelQuestion, or `tie`) or ranks them (a RankingQuestion: the fields in rank order, or Argilla
 * 1's `[{ value, rank }]` where equal ranks are ties). One comparison per user answer and pair of
 * responses (rater `argilla-{user_id}`); suggestions are model guesses, not ratings, and are skipped.
 * The flattened export (`to_list(flatten=True)`, `to_datasets()`, what `to_hub` pushes) is read
 * too: `<question>.responses`, `.responses.users`, `.responses.status` (drafts and discarded skipped).
 * Layout: argilla-io/argilla, argilla/src/argilla/records/_resource.py (`Record.to_dict`,
 * `RecordResponses.to_dict`); https://docs.argilla.io/latest/how_to_guides/import_export/.
 */
export const argilla: DatasetFormat = {
  name: 'argilla',
  layout:
    '{ id, fields: { prompt, response1, response2 }, responses: { <question>: [{ value, user_id }] } } (Argilla record export), or flattened with <question>.responses[.users|.status] columns',
  documentation: 'https://docs.argilla.io/latest/how_to_guides/import_export/',
  matches: (row) => isNested(row) || isFlattened(row),
  read: (input, position, options) => {
    const given = asObject(input, position);
    if (isMappedRecord(given)) return given;
    const record = isNested(given) ? given : unflatten(given);
    const rowId = rowIdOf(record, position);
    const fields = (
      record.fields !== null && typeof record.fields === 'object' && !Array.isArray(record.fields)
        ? record.fields
        : undefined
    ) as Record<string, unknown> | undefined;
    if (fields === undefined)
      return rejectRow(rowId, [
        { path: 'fields', rule: `expected the record's fields object, got ${describeValue(record.fields)}` },
      ]);
    const promptKey = PROMPT_KEYS.find((k) => typeof fields[k] === 'string' && (fields[k] as string).trim() !== '');
    if (promptKey === undefined)
      return rejectRow(rowId, [
        { path: 'fields', rule: `expected prompt text in one of fields.${PROMPT_KEYS.join(', fields.')}` },
      ]);
    const texts = Object.keys(fields).filter(
      (k) => k !== promptKey && typeof fields[k] === 'string' && (fields[k] as string).trim() !== '',
    );
    // Flattened rows mix fields with metadata: there the responses are the fields the answers name (or look like responses).
    const keys = isNested(given)
      ? texts
      : responseFieldsOfFlattened(texts, record.responses as Record<string, unknown>);
    if (keys.length < 2 || keys.some((k) => !ID_PATTERN.test(k)))
      return rejectRow(rowId, [
        {
          path: 'fields',
          rule: `expected two or more response fields named as ids besides fields.${promptKey}, got ${keys.join(', ') || 'none'}`,
        },
      ]);
    const responses = keys.map((key) => ({ id: key, text: fields[key] as string }));
    const comparisons: MappedComparison[] = [];
    const rejections: MappingRejection[] = [];
    const unlabelled: string[] = [];
    const answers = (record.responses ?? {}) as Record<string, unknown>;
    for (const question of Object.keys(answers).sort()) {
      const list = Array.isArray(answers[question]) ? (answers[question] as unknown[]) : [];
      list.forEach((a, index) => {
        const answer = (a !== null && typeof a === 'object' ? a : {}) as Record<string, unknown>;
        const user = annotatorOf(answer.user_id);
        const column = `${question}:${user ?? index}`.replace(/[^A-Za-z0-9._:-]/g, '-');
        // Drafts and discarded answers are not judgments (the flattened export says which).
        if (answer.status === 'draft' || answer.status === 'discarded') {
          unlabelled.push(column);
          return;
        }
        const ranks = ranksOf(answer.value, keys);
        if (ranks === undefined) {
          unlabelled.push(column);
          return;
        }
        if ('issue' in ranks) {
          rejections.push({ column, issues: [{ path: `responses.${question}.${index}.value`, rule: ranks.issue }] });
          return;
        }
        for (let i = 0; i < keys.length; i++) {
          for (let j = i + 1; j < keys.length; j++) {
            const a = ranks.get(keys[i]);
            const b = ranks.get(keys[j]);
            if (a === undefined || b === undefined) continue;
            comparisons.push(
              buildComparison(options, rowId, position, {
                column: keys.length === 2 ? column : `${column}:${i}-${j}`,
                prompt: fields[promptKey] as string,
                responses: [responses[i], responses[j]],
                winner: a === b ? 'tie' : a < b ? keys[i] : keys[j],
                raterId: raterIdOf('argilla', options, user),
              }),
            );
          }
        }
      });
    }
    return { rowId, comparisons, rejections, unlabelled };
  },
};

const SUFFIX = '.responses';
const RESPONSE_LIKE = /^(?:response|answer|completion|generation|output)/i;

const isNested = (row: Readonly<Record<string, unknown>>) =>
  row.fields !== null &&
  typeof row.fields === 'object' &&
  row.responses !== null &&
  typeof row.responses === 'object' &&
  !Array.isArray(row.responses);
const isFlattened = (row: Readonly<Record<string, unknown>>) =>
  Object.keys(row).some((k) => k.endsWith(SUFFIX) && Array.isArray(row[k]));

/**
 * Argilla's flattened export (`records.to_list(flatten=True)`, `to_datasets()`, `Dataset.to_hub`):
 * fields and metadata as top-level columns, each question's answers as `<q>.responses`,
 * `<q>.responses.users`, `<q>.responses.status`, in the shape `Record.to_dict` gives.
 */
function unflatten(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const responses: Record<string, unknown[]> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key.endsWith(SUFFIX) && Array.isArray(value)) {
      const question = key.slice(0, -SUFFIX.length);
      const users = Array.isArray(row[`${key}.users`]) ? (row[`${key}.users`] as unknown[]) : [];
      const statuses = Array.isArray(row[`${key}.status`]) ? (row[`${key}.status`] as unknown[]) : [];
      responses[question] = value.map((v, i) => ({ value: v, user_id: users[i], status: statuses[i] }));
    } else if (!key.includes('.') && key !== 'id' && key !== 'status' && key !== '_server_id') fields[key] = value;
  }
  return { id: row.id, fields, responses };
}

/** The text columns of a flattened row that answers name, else those named like responses. */
function responseFieldsOfFlattened(texts: readonly string[], answers: Readonly<Record<string, unknown>>): string[] {
  const named = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string' && texts.includes(value)) named.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') visit((value as Record<string, unknown>).value);
  };
  for (const list of Object.values(answers))
    if (Array.isArray(list)) list.forEach((a) => visit((a as Record<string, unknown>).value));
  return named.size >= 2 ? texts.filter((t) => named.has(t)) : texts.filter((t) => RESPONSE_LIKE.test(t));
}

/**
 * An answer as ranks per response field (1 = best; equal ranks tie); `undefined` when the
 * answer is not about the responses (a rating, a free text); `{ issue }` when it names them badly.
 */
function ranksOf(value: unknown, keys: readonly string[]): Map<string, number> | { issue: string } | undefined {
  if (typeof value === 'string') {
    if (TIE_VALUES.has(value.toLowerCase())) return new Map(keys.map((k) => [k, 1]));
    if (keys.includes(value)) return new Map(keys.map((k) => [k, k === value ? 1 : 2]));
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const ranks = new Map<string, number>();
  for (const [index, item] of value.entries()) {
    const name =
      typeof item === 'string'
        ? item
        : item !== null && typeof item === 'object'
          ? (item as Record<string, unknown>).value
          : undefined;
    const rank =
      typeof item === 'string'
        ? index + 1
        : item !== null && typeof item === 'object'
          ? (item as Record<string, unknown>).rank
          : undefined;
    if (typeof name !== 'string' || !keys.includes(name))
      return index === 0
        ? undefined
        : { issue: `ranks ${JSON.stringify(name)}, which is not a response field (${keys.join(', ')})` };
    if (typeof rank !== 'number' || !Number.isFinite(rank))
      return { issue: `expected a numeric rank for ${name}, got ${describeValue(rank)}` };
    ranks.set(name, rank);
  }
  return ranks;
}
