import type { DatasetRecipe } from '../recipe/dataset-recipe';
import { promptMessages } from './prompt-messages';

type Row = Record<string, unknown>;
type RaterCells = Readonly<Record<string, string | null>>;

/** A pair as TRL's standard preference row: `{prompt, chosen, rejected}` (plus rater columns). */
export function trlPreferenceRow(
  pair: { readonly prompt: string; readonly chosen: string; readonly rejected: string },
  rater: RaterCells = {},
): Row {
  return { prompt: pair.prompt, chosen: pair.chosen, rejected: pair.rejected, ...rater };
}

/**
 * A pair as TRL's conversational preference row: the prompt as messages
 * (see promptMessages), chosen and rejected as one assistant message each.
 * @example trlConversationalRow({ prompt: 'Q?', chosen: 'A', rejected: 'B' }).chosen // [{ role: 'assistant', content: 'A' }]
 */
export function trlConversationalRow(
  pair: { readonly prompt: string; readonly chosen: string; readonly rejected: string },
  rater: RaterCells = {},
): Row {
  return {
    prompt: promptMessages(pair.prompt),
    chosen: [{ role: 'assistant', content: pair.chosen }],
    rejected: [{ role: 'assistant', content: pair.rejected }],
    ...rater,
  };
}

/** An unpaired preference (KTO) row with TRL's or OpenRLHF's key names. */
export function ktoRow(
  keyNames: DatasetRecipe['keyNames'],
  prompt: string,
  completion: string,
  label: boolean,
  rater: RaterCells = {},
): Row {
  return keyNames === 'openrlhf'
    ? { input: prompt, output: completion, label, ...rater }
    : { prompt, completion, label, ...rater };
}

/**
 * A rubric rating as one row per dimension, dimensions sorted (slugs, so ASCII order):
 * `{prompt, response, objective, dimension, score, scale_min, scale_max}`.
 */
export function ratingRows(
  rating: {
    readonly prompt: string;
    readonly response: string;
    readonly objective: string;
    readonly scale: { readonly min: number; readonly max: number };
    readonly scores: Readonly<Record<string, number>>;
  },
  rater: RaterCells = {},
): Row[] {
  return Object.keys(rating.scores)
    .sort()
    .map((dimension) => ({
      prompt: rating.prompt,
      response: rating.response,
      objective: rating.objective,
      dimension,
      score: rating.scores[dimension],
      scale_min: rating.scale.min,
      scale_max: rating.scale.max,
      ...rater,
    }));
}
