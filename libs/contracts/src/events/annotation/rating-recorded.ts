import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_PROMPT_CHARS, MAX_RUBRIC_DIMENSIONS } from '../../envelope/limits';
import { id, locale, nonNegativeInt, objective, slug, text, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { comparisonResponseSchema } from './comparison-recorded';

/** The scale every score of one rating uses, inclusive at both ends (e.g. 1..7 Likert). */
export const ratingScaleSchema = z
  .strictObject({ min: z.number().int(), max: z.number().int() })
  .superRefine((scale, ctx) => {
    if (scale.max <= scale.min)
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'must be greater than min', input: scale.max });
  });

/** Rubric scores: dimension slug → score on `scale`. At least one dimension. */
export const rubricScoresSchema = z.record(slug(), z.number());

/**
 * `rating.recorded` v1: a rater scored one response on a rubric. Each score
 * must lie within `scale` (inclusive); scores need not be integers, so half
 * points or 0..1 scales work.
 */
export const ratingRecordedDataV1 = z
  .strictObject({
    taskId: id(),
    taskType: slug(),
    prompt: text(MAX_PROMPT_CHARS),
    response: comparisonResponseSchema,
    scale: ratingScaleSchema,
    scores: rubricScoresSchema,
    objective: objective(),
    raterId: id(),
    guidelineVersion: token(),
    dwellTimeMs: nonNegativeInt(),
    locale: locale(),
    interfaceVersion: token().optional(),
    queueId: id().optional(),
    assignmentId: id().optional(),
  })
  .superRefine((data, ctx) => checkScores(data.scores, data.scale, ctx));

/** Every score within the scale; between 1 and `MAX_RUBRIC_DIMENSIONS` dimensions. */
export function checkScores(
  scores: Readonly<Record<string, number>>,
  scale: { readonly min: number; readonly max: number },
  ctx: z.RefinementCtx,
): void {
  const dimensions = Object.keys(scores);
  if (dimensions.length === 0)
    ctx.addIssue({ code: 'custom', path: ['scores'], message: 'must have at least 1 dimension', input: scores });
  if (dimensions.length > MAX_RUBRIC_DIMENSIONS) {
    ctx.addIssue({
      code: 'custom',
      path: ['scores'],
      message: `must have at most ${MAX_RUBRIC_DIMENSIONS} dimensions`,
      input: scores,
    });
  }
  if (scale.max <= scale.min) return;
  for (const dimension of dimensions) {
    const score = scores[dimension];
    if (score < scale.min || score > scale.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['scores', dimension],
        message: `must be within the scale ${scale.min}..${scale.max}`,
        input: score,
      });
    }
  }
}

export const ratingRecordedV1 = defineEvent({
  type: 'rating.recorded',
  version: 1,
  topic: TOPICS.annotations,
  description:
    'A rater scored one response on a rubric: scores maps each dimension (slug) to a score within scale.min..scale.max inclusive; at least one dimension.',
  data: ratingRecordedDataV1,
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.taskId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'rater', field: 'raterId' },
  erasedBy: [{ kind: 'rater', field: 'raterId' }],
});

export type RatingRecorded = EventOf<typeof ratingRecordedV1>;
export type RatingRecordedInput = EventInputOf<typeof ratingRecordedV1>;
export type RatingRecordedData = DataOf<typeof ratingRecordedV1>;
