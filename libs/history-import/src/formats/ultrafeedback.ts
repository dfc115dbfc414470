import { ID_PATTERN, SLUG_PATTERN, TOKEN_PATTERN, type FieldIssue } from '@hindsight/contracts';
import { describeValue } from '../mapping/field-path';
import type { MappedComparison } from '../record/map-record';
import { asObject, buildComparison, isMappedRecord, readText, rejectRow, rowIdOf } from './format-comparison';
import type { DatasetFormat } from './format-options';

/**
 * One aspect's rating of one completion: `annotations[aspect].Rating` (text `"1"`–`"5"` in the
 * published files, or `"N/A"`), the annotation given as an object or a one-item list.
 */
function ratingOf(annotation: unknown): number | undefined {
  const item = Array.isArray(annotation) ? annotation[0] : annotation;
  if (item === null || typeof item !== 'object') return undefined;
  const raw = (item as Record<string, unknown>).Rating;
  const value =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** `instruction_following` → `instruction-following`: aspects become objective slugs. */
export const objectiveOfAspect = (aspect: string) =>
  aspect
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * OpenBMB's UltraFeedback layout: `{ instruction, completions: [{ model, response, annotations:
 * { helpfulness: { Rating }, honesty, instruction_following, truthfulness } }] }`. Each aspect
 * becomes an objective (`instruction_following` → `instruction-following`), and each pair of
 * completions one comparison per aspect both were rated on: the higher rating preferred, a tie
 * where equal, the rating difference as strength (capped at 3, the platform's largest). Ratings
 * that are not numbers (`N/A`) leave that aspect's pairs out (counted as unlabelled).
 * Layout: https://huggingface.co/datasets/openbmb/UltraFeedback (dataset card, "Dataset Format"),
 * https://github.com/OpenBMB/UltraFeedback (README, "Example").
 */
export const ultrafeedback: DatasetFormat = {
  name: 'ultrafeedback',
  layout:
    '{ instruction, completions: [{ model, response, annotations: { <aspect>: { Rating } } }] } (one comparison per aspect per pair)',
  documentation: 'https://huggingface.co/datasets/openbmb/UltraFeedback',
  matches: (row) => typeof row.instruction === 'string' && Array.isArray(row.completions),
  read: (input, position, options) => {
    const row = asObject(input, position);
    if (isMappedRecord(row)) return row;
    const rowId = rowIdOf(row, position);
    const issues: FieldIssue[] = [];
    const prompt = readText(row, 'instruction', issues, 'prompt text');
    const completions = Array.isArray(row.completions) ? row.completions : [];
    if (completions.length < 2)
      issues.push({
        path: 'completions',
        rule: `expected at least 2 completions, got ${Array.isArray(row.completions) ? completions.length : describeValue(row.completions)}`,
      });
    const responses = completions.map((c, i) => {
      const completion = (c !== null && typeof c === 'object' ? c : {}) as Record<string, unknown>;
      const text = readText(completion, 'response', issues, 'response text');
      if (issues.length > 0 && issues[issues.length - 1].path === 'response')
        issues[issues.length - 1] = { path: `completions.${i}.response`, rule: issues[issues.length - 1].rule };
      const model = completion.model;
      const annotations = (
        completion.annotations !== null && typeof completion.annotations === 'object' ? completion.annotations : {}
      ) as Record<string, unknown>;
      return {
        id: `completion-${i}`,
        text,
        modelVersion: typeof model === 'string' && TOKEN_PATTERN.test(model) ? model : undefined,
        annotations,
      };
    });
    if (issues.length > 0) return rejectRow(rowId, issues);

    const aspects = [...new Set(responses.flatMap((r) => Object.keys(r.annotations)))].sort();
    const comparisons: MappedComparison[] = [];
    const unlabelled: string[] = [];
    const rejections: { column: string; issues: FieldIssue[] }[] = [];
    for (const aspect of aspects) {
      const objective = objectiveOfAspect(aspect);
      for (let i = 0; i < responses.length; i++) {
        for (let j = i + 1; j < responses.length; j++) {
          const column = `${objective || 'aspect'}:${i}-${j}`;
          if (!SLUG_PATTERN.test(objective) || !ID_PATTERN.test(column)) {
            rejections.push({
              column,
              issues: [
                {
                  path: `completions.${i}.annotations.${aspect}`,
                  rule: 'the aspect name does not make an objective slug',
                },
              ],
            });
            continue;
          }
          const a = ratingOf(responses[i].annotations[aspect]);
          const b = ratingOf(responses[j].annotations[aspect]);
          if (a === undefined || b === undefined) {
            unlabelled.push(column);
            continue;
          }
          const difference = Math.abs(a - b);
          comparisons.push(
            buildComparison(options, rowId, position, {
              column,
              prompt,
              responses: [responses[i], responses[j]],
              winner: a === b ? 'tie' : a > b ? responses[i].id : responses[j].id,
              strength: a === b ? undefined : Math.min(3, Math.max(1, Math.round(difference))),
              objective,
            }),
          );
        }
      }
    }
    return { rowId, comparisons, rejections, unlabelled };
  },
};
