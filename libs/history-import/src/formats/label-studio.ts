import { ID_PATTERN, type FieldIssue } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import type { MappedComparison, MappingRejection } from '../record/map-record';
import { asObject, buildComparison, isMappedRecord, rejectRow, rowIdOf } from './format-comparison';
import type { DatasetFormat, FormatOptions } from './format-options';

/** The data keys tried, in order, for the prompt of a task. */
export const PROMPT_KEYS = ['prompt', 'instruction', 'question', 'input'] as const;
/** Choice values that mean "neither is better". */
const TIE_VALUES = new Set(['tie', 'equal', 'same', 'both', 'neither']);

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO time with a zone as the platform's UTC instant; `undefined` for anything else. */
export function instantOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ZONED.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** A rater id from an annotator reference: a number, a string, or an object with `id` (or `email`). */
export function annotatorOf(value: unknown): string | undefined {
  const raw =
    value !== null && typeof value === 'object'
      ? ((value as Record<string, unknown>).id ?? (value as Record<string, unknown>).email)
      : value;
  const text =
    typeof raw === 'number' && Number.isInteger(raw)
      ? String(raw)
      : typeof raw === 'string'
        ? raw.replace(/[^A-Za-z0-9._:-]/g, '-')
        : undefined;
  return text !== undefined && text !== '' ? text : undefined;
}

export const raterIdOf = (prefix: string, options: FormatOptions, annotator: string | undefined) =>
  annotator === undefined ? (options.rater ?? `import-${options.dataset}`) : `${prefix}-${annotator}`.slice(0, 200);

/**
 * Label Studio's JSON export of a pairwise-comparison project: an array of tasks
 * `{ id, data: { prompt, answer1, answer2 }, annotations: [{ completed_by, created_at, lead_time,
 * was_cancelled, result: [{ type: 'pairwise', to_name, value: { selected: 'left' | 'right' } }] }] }`.
 * `left` is the first object of `to_name` (`"answer1,answer2"`), `right` the second; a `choices`
 * result whose one choice names a data key (or says tie) works too. One comparison per
 * annotation (rater `label-studio-{completed_by}`); cancelled annotations are skipped; the
 * annotation's `created_at` and `lead_time` (seconds) give occurredAt and dwell time.
 * Layout: https://labelstud.io/guide/task_format (JSON of annotated tasks),
 * https://labelstud.io/tags/pairwise (the Pairwise tag and its `selected` output).
 */
export const labelStudio: DatasetFormat = {
  name: 'label-studio',
  layout:
    "[{ id, data: { prompt, answer1, answer2 }, annotations: [{ completed_by, result: [{ type: 'pairwise', value: { selected: 'left'|'right' } }] }] }] (JSON export)",
  documentation: 'https://labelstud.io/guide/task_format',
  matches: (row) => row.data !== null && typeof row.data === 'object' && Array.isArray(row.annotations),
  read: (input, position, options) => {
    const task = asObject(input, position);
    if (isMappedRecord(task)) return task;
    const rowId = rowIdOf(task, position);
    const data = (
      task.data !== null && typeof task.data === 'object' && !Array.isArray(task.data) ? task.data : undefined
    ) as Record<string, unknown> | undefined;
    if (data === undefined)
      return rejectRow(rowId, [
        { path: 'data', rule: `expected the task's data object, got ${describeValue(task.data)}` },
      ]);
    const promptKey = PROMPT_KEYS.find((k) => typeof data[k] === 'string' && (data[k] as string).trim() !== '');
    if (promptKey === undefined)
      return rejectRow(rowId, [
        { path: 'data', rule: `expected prompt text in one of data.${PROMPT_KEYS.join(', data.')}` },
      ]);
    const prompt = data[promptKey] as string;
    const annotations = Array.isArray(task.annotations) ? task.annotations : [];
    const comparisons: MappedComparison[] = [];
    const rejections: MappingRejection[] = [];
    const unlabelled: string[] = [];
    annotations.forEach((a: unknown, index) => {
      const annotation = (a !== null && typeof a === 'object' ? a : {}) as Record<string, unknown>;
      const column = `annotation-${annotatorOf(annotation.id) ?? index}`;
      if (annotation.was_cancelled === true) {
        unlabelled.push(column);
        return;
      }
      const results = Array.isArray(annotation.result) ? (annotation.result as unknown[]) : [];
      const choice = results.map((r) => readResult(r, data, promptKey)).find((c) => c !== undefined);
      if (choice === undefined) {
        unlabelled.push(column);
        return;
      }
      if ('issue' in choice) {
        rejections.push({ column, issues: [choice.issue] });
        return;
      }
      const leadTime = annotation.lead_time;
      comparisons.push(
        buildComparison(options, rowId, position, {
          column: ID_PATTERN.test(column) ? column : `annotation-${index}`,
          prompt,
          responses: choice.keys.map((key) => ({ id: key, text: data[key] as string })),
          winner: choice.winner,
          raterId: raterIdOf('label-studio', options, annotatorOf(annotation.completed_by)),
          occurredAt: instantOf(annotation.created_at),
          dwellTimeMs:
            typeof leadTime === 'number' && Number.isFinite(leadTime) && leadTime >= 0
              ? Math.round(leadTime * 1000)
              : undefined,
        }),
      );
    });
    if (annotations.length === 0) unlabelled.push('annotations');
    return { rowId, comparisons, rejections, unlabelled };
  },
};

type ResultChoice = { readonly keys: readonly string[]; readonly winner: string } | { readonly issue: FieldIssue };

/** A pairwise or choices result as the compared data keys and the winner; `undefined` for other result types. */
function readResult(input: unknown, data: Record<string, unknown>, promptKey: string): ResultChoice | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const result = input as Record<string, unknown>;
  const value = (result.value !== null && typeof result.value === 'object' ? result.value : {}) as Record<
    string,
    unknown
  >;
  const isText = (key: string) => typeof data[key] === 'string' && (data[key] as string).trim() !== '';
  const named =
    typeof result.to_name === 'string'
      ? result.to_name
          .split(',')
          .map((s) => s.trim())
          .filter((k) => k !== promptKey && isText(k))
      : [];
  const others = Object.keys(data).filter((k) => k !== promptKey && isText(k));
  const keys = named.length >= 2 ? named : others;
  const bad = (rule: string): ResultChoice => ({ issue: { path: 'result', rule } });
  if (keys.length < 2)
    return bad(`expected two response texts in data (to_name ${JSON.stringify(result.to_name)}), found ${keys.length}`);
  if (keys.some((k) => !ID_PATTERN.test(k)))
    return bad(`the data keys ${keys.join(', ')} must be response ids (letters, digits and ._:-)`);
  if (result.type === 'pairwise') {
    if (value.selected === 'left') return { keys: keys.slice(0, 2), winner: keys[0] };
    if (value.selected === 'right') return { keys: keys.slice(0, 2), winner: keys[1] };
    return bad(`expected value.selected "left" or "right", got ${describeValue(value.selected)}`);
  }
  if (result.type === 'choices') {
    const choices = Array.isArray(value.choices) ? value.choices : [];
    const picked = choices.length === 1 && typeof choices[0] === 'string' ? choices[0] : undefined;
    if (picked !== undefined && TIE_VALUES.has(picked.toLowerCase())) return { keys, winner: 'tie' };
    if (picked !== undefined && keys.includes(picked)) return { keys, winner: picked };
    return bad(
      `expected one choice naming a response (${keys.join(', ')}) or a tie, got ${JSON.stringify(value.choices)}`,
    );
  }
  return undefined;
}
