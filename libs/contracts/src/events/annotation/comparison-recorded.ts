import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import {
  MAX_COMPARISON_RESPONSES,
  MAX_PROMPT_CHARS,
  MAX_REASON_CHARS,
  MAX_RESPONSE_CHARS,
} from '../../envelope/limits';
import { id, locale, nonNegativeInt, objective, slug, text, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** One candidate response in a comparison. `id` is unique within the comparison. */
export const comparisonResponseSchema = z.strictObject({
  id: id(),
  text: text(MAX_RESPONSE_CHARS),
  modelVersion: token(),
});

/**
 * The rater's choice: `{ kind: 'preferred', responseId }` names the preferred
 * response; `{ kind: 'tie' }` says neither is better.
 */
export const comparisonChoiceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('preferred'), responseId: id() }),
  z.strictObject({ kind: z.literal('tie') }),
]);

/**
 * How much better the preferred response is: 1 = slightly, 2 = clearly,
 * 3 = much better. Absent when the rater was not asked; not allowed on a tie.
 */
export const comparisonStrengthSchema = z.number().int().min(1).max(3);
export const COMPARISON_STRENGTH = { slightly: 1, clearly: 2, much: 3 } as const;

/**
 * Where an imported comparison came from: the data set, the row inside it (its id, or its
 * position in the file) and the data set's licence when the importer was told it. Absent on
 * comparisons recorded live.
 */
export const comparisonProvenanceSchema = z.strictObject({
  dataset: token(),
  row: token(),
  licence: token().optional(),
});

/**
 * `comparison.recorded` v1: a rater compared two or more responses to one
 * prompt. Cross-field rules: response ids are unique; `shownOrder` is a
 * permutation of the response ids (the order the rater saw them, first =
 * left/top); the preferred `responseId` is one of them; no `strength` on a tie.
 */
export const comparisonRecordedDataV1 = z
  .strictObject({
    taskId: id(),
    taskType: slug(),
    prompt: text(MAX_PROMPT_CHARS),
    responses: z.array(comparisonResponseSchema).min(2).max(MAX_COMPARISON_RESPONSES),
    shownOrder: z.array(id()).min(2).max(MAX_COMPARISON_RESPONSES),
    choice: comparisonChoiceSchema,
    strength: comparisonStrengthSchema.optional(),
    objective: objective(),
    raterId: id(),
    guidelineVersion: token(),
    dwellTimeMs: nonNegativeInt(),
    locale: locale(),
    interfaceVersion: token().optional(),
    queueId: id().optional(),
    assignmentId: id().optional(),
    provenance: comparisonProvenanceSchema.optional(),
  })
  .superRefine(checkComparison);

/** v1's cross-field rules (v2 adds none): unique response ids, shownOrder a permutation, choice among them, no strength on a tie. */
export function checkComparison(data: ComparisonShape, ctx: z.RefinementCtx): void {
  // Every consumer validates every comparison it reads: one that keeps the rules (nearly all) costs no Set,
  // no closure; only a broken one goes on to find its issues.
  if (!comparisonKeepsTheRules(data)) addComparisonIssues(data, ctx);
}

/**
 * Whether `addComparisonIssues` would find nothing, told without allocating: at most
 * MAX_COMPARISON_RESPONSES (16) responses, so comparing each id with those before it is cheap.
 */
export function comparisonKeepsTheRules(data: ComparisonShape): boolean {
  const { responses, shownOrder, choice } = data;
  const count = responses.length;
  for (let i = 1; i < count; i++) for (let j = 0; j < i; j++) if (responses[i].id === responses[j].id) return false;
  // With unique response ids, a permutation of them is as long as they are, names only them, and each once.
  if (shownOrder.length !== count) return false;
  for (let i = 0; i < count; i++) {
    if (!namesAResponse(responses, shownOrder[i])) return false;
    for (let j = 0; j < i; j++) if (shownOrder[j] === shownOrder[i]) return false;
  }
  if (choice.kind === 'preferred') return namesAResponse(responses, choice.responseId);
  return data.strength === undefined;
}

function namesAResponse(responses: readonly { readonly id: string }[], responseId: string): boolean {
  for (let i = 0; i < responses.length; i++) if (responses[i].id === responseId) return true;
  return false;
}

/** The issues of the cross-field rules, each with its path. */
export function addComparisonIssues(data: ComparisonShape, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  data.responses.forEach((response, index) => {
    if (ids.has(response.id)) {
      ctx.addIssue({ code: 'custom', path: ['responses', index, 'id'], message: 'must be unique', input: response.id });
    }
    ids.add(response.id);
  });
  checkShownOrder(data.shownOrder, ids, ctx);
  if (data.choice.kind === 'preferred' && !ids.has(data.choice.responseId)) {
    ctx.addIssue({
      code: 'custom',
      path: ['choice', 'responseId'],
      message: 'must be one of the response ids',
      input: data.choice.responseId,
    });
  }
  if (data.choice.kind === 'tie' && data.strength !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['strength'],
      message: 'must be absent when choice is a tie',
      input: data.strength,
    });
  }
}

type ComparisonShape = {
  readonly responses: readonly { readonly id: string }[];
  readonly shownOrder: readonly string[];
  readonly choice: { readonly kind: 'preferred'; readonly responseId: string } | { readonly kind: 'tie' };
  readonly strength?: number | undefined;
};

/** `shownOrder` must list every response id exactly once. */
export function checkShownOrder(
  shownOrder: readonly string[],
  responseIds: ReadonlySet<string>,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  let itemIssues = 0;
  shownOrder.forEach((responseId, index) => {
    if (!responseIds.has(responseId)) {
      itemIssues += 1;
      ctx.addIssue({
        code: 'custom',
        path: ['shownOrder', index],
        message: 'must be one of the response ids',
        input: responseId,
      });
    } else if (seen.has(responseId)) {
      itemIssues += 1;
      ctx.addIssue({ code: 'custom', path: ['shownOrder', index], message: 'must be unique', input: responseId });
    }
    seen.add(responseId);
  });
  if (itemIssues === 0 && seen.size !== responseIds.size) {
    ctx.addIssue({
      code: 'custom',
      path: ['shownOrder'],
      message: 'must list every response id exactly once',
      input: shownOrder,
    });
  }
}

export const comparisonRecordedV1 = defineEvent({
  type: 'comparison.recorded',
  version: 1,
  topic: TOPICS.annotations,
  description:
    "A rater compared two or more responses to one prompt. Response ids are unique; shownOrder lists every response id exactly once, in the order shown; choice is { kind: 'preferred', responseId } naming one of the responses, or { kind: 'tie' }; strength (1 slightly, 2 clearly, 3 much better) is optional and not allowed on a tie; provenance { dataset, row, licence? } says where an imported comparison came from.",
  data: comparisonRecordedDataV1,
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.taskId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'rater', field: 'raterId' },
  erasedBy: [{ kind: 'rater', field: 'raterId' }],
});

/** Longest free-text comment a rater may add to a comparison. */
export const MAX_COMPARISON_COMMENT_CHARS = MAX_REASON_CHARS;

/** Rubric scores of a comparison: dimension id (a slug the queue defines) → integer score. */
export const comparisonRubricSchema = z.record(slug(), z.number().int().min(-1000).max(1000));

/**
 * `comparison.recorded` v2: v1 plus optional `rubric` (dimension id → integer score; checked
 * against the queue's rubric by the api when the comparison names a queue) and optional
 * `comment` (free text, at most 2,000 chars). Both are personal: the whole `data` is sealed
 * with the rater's key and an erasure of the rater tombstones the event.
 */
export const comparisonRecordedDataV2 = z
  .strictObject({
    ...comparisonRecordedDataV1.shape,
    rubric: comparisonRubricSchema.optional(),
    comment: text(MAX_COMPARISON_COMMENT_CHARS).optional(),
  })
  .superRefine(checkComparison);

export const comparisonRecordedV2 = defineEvent({
  type: 'comparison.recorded',
  version: 2,
  topic: TOPICS.annotations,
  description: `${comparisonRecordedV1.description} v2: optional rubric { dimensionId: integer score } (checked against the queue's rubric) and optional comment (≤ 2,000 chars, sealed like the rest of the data).`,
  data: comparisonRecordedDataV2,
  subject: (data) => ({ kind: 'task', id: data.taskId }),
  partitionKey: (data) => data.taskId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'rater', field: 'raterId' },
  erasedBy: [{ kind: 'rater', field: 'raterId' }],
});

export type ComparisonRecorded = EventOf<typeof comparisonRecordedV2>;
export type ComparisonRecordedInput = EventInputOf<typeof comparisonRecordedV2>;
export type ComparisonRecordedData = DataOf<typeof comparisonRecordedV2>;
export type ComparisonChoice = ComparisonRecordedData['choice'];
export type ComparisonResponse = ComparisonRecordedData['responses'][number];
