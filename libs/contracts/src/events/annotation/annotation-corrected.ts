import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, objective, reason, token, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';
import { comparisonChoiceSchema, comparisonStrengthSchema } from './comparison-recorded';
import { ratingScaleSchema, rubricScoresSchema, checkScores } from './rating-recorded';

/** Fields of a comparison that can be corrected; at least one. `strength: null` removes it. */
export const comparisonCorrectionSchema = z
  .strictObject({
    choice: comparisonChoiceSchema.optional(),
    strength: comparisonStrengthSchema.nullable().optional(),
    objective: objective().optional(),
    guidelineVersion: token().optional(),
  })
  .superRefine((fields, ctx) => {
    if (Object.keys(fields).length === 0)
      ctx.addIssue({ code: 'custom', message: 'must correct at least one field', input: fields });
    if (fields.choice?.kind === 'tie' && typeof fields.strength === 'number') {
      ctx.addIssue({
        code: 'custom',
        path: ['strength'],
        message: 'must be absent when choice is a tie',
        input: fields.strength,
      });
    }
  });

/** Fields of a rating that can be corrected; at least one. Corrected scores replace all scores. */
export const ratingCorrectionSchema = z
  .strictObject({
    scale: ratingScaleSchema.optional(),
    scores: rubricScoresSchema.optional(),
    objective: objective().optional(),
    guidelineVersion: token().optional(),
  })
  .superRefine((fields, ctx) => {
    if (Object.keys(fields).length === 0)
      ctx.addIssue({ code: 'custom', message: 'must correct at least one field', input: fields });
    if (fields.scale && !fields.scores)
      ctx.addIssue({ code: 'custom', path: ['scores'], message: 'required when scale is corrected', input: undefined });
    if (fields.scale && fields.scores) checkScores(fields.scores, fields.scale, ctx);
  });

/**
 * `annotation.corrected` v1: fields of an earlier annotation are replaced.
 * `annotationId` is the `id` of the `comparison.recorded` or `rating.recorded`
 * event, `annotationType` says which, and `corrected` holds the new values of
 * the corrected fields only. Checks that need the original (the preferred
 * response is one of its responses, rating scores within its scale) happen
 * where the original is known: the projector and the dataset builder.
 *
 * Personal, deliberately: sealed on Kafka under the key of the rater of the
 * corrected annotation (`raterId`) and cleared by that rater's erasure. A
 * correction replaces part of a rater's judgment, which is theirs as much as
 * the judgment itself (sealed under their key); its `reason` is free text that
 * can carry the rater's own words, or words about them; and the annotation it
 * names stays linked to the rater on Kafka (a sealed event names its key in
 * the clear), so a correction in the clear would outlive the rater's erasure.
 * `raterId` is optional in the schema only because corrections recorded before
 * it existed lack it (those stay in the clear); every new correction must name
 * it (`validateEventInput` requires each declared personal subject). It is the
 * sender's word: nothing checks it against the original, which the api may
 * not have seen yet.
 */
export const annotationCorrectedDataV1 = z.discriminatedUnion('annotationType', [
  z.strictObject({
    annotationId: uuidV7(),
    annotationType: z.literal('comparison.recorded'),
    taskId: id(),
    raterId: id().optional(),
    corrected: comparisonCorrectionSchema,
    reason: reason().optional(),
  }),
  z.strictObject({
    annotationId: uuidV7(),
    annotationType: z.literal('rating.recorded'),
    taskId: id(),
    raterId: id().optional(),
    corrected: ratingCorrectionSchema,
    reason: reason().optional(),
  }),
]);

export const annotationCorrectedV1 = defineEvent({
  type: 'annotation.corrected',
  version: 1,
  topic: TOPICS.annotations,
  description:
    "Fields of an earlier annotation are replaced. annotationType says which kind it was; corrected holds only the new values (at least one). A corrected rating scale must come with corrected scores within it; strength: null removes the strength. raterId (the rater of the corrected annotation) is required on input: the correction is sealed under that rater's key and erased with the rater.",
  data: annotationCorrectedDataV1,
  subject: (data) => ({ kind: 'annotation', id: data.annotationId }),
  partitionKey: (data) => data.taskId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'rater', field: 'raterId' },
  erasedBy: [{ kind: 'rater', field: 'raterId' }],
});

export type AnnotationCorrected = EventOf<typeof annotationCorrectedV1>;
export type AnnotationCorrectedInput = EventInputOf<typeof annotationCorrectedV1>;
export type AnnotationCorrectedData = DataOf<typeof annotationCorrectedV1>;
