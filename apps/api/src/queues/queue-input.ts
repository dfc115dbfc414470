import { z } from 'zod';
import {
  findUnstorableStrings,
  formatZodIssues,
  comparisonChoiceSchema,
  comparisonRubricSchema,
  MAX_COMPARISON_COMMENT_CHARS,
  MAX_QUEUE_RUBRIC_DIMENSIONS,
  queueRubricDimensionSchema,
  comparisonStrengthSchema,
  id,
  locale,
  nonNegativeInt,
  MAX_COMPARISON_RESPONSES,
  MAX_GUIDELINES_CHARS,
  MAX_LABEL_CHARS,
  MAX_PROMPT_CHARS,
  MAX_QUEUE_OVERLAP,
  MAX_RESPONSE_CHARS,
  objective,
  slug,
  text,
  token,
  ValidationError,
  type FieldIssue,
} from '@hindsight/contracts';

/** Most tasks one `POST /v1/tasks` may enqueue. */
export const MAX_ENQUEUE_TASKS = 1000;

const REPORT_INPUT = { reportInput: true } as const;

export const createQueueSchema = z
  .strictObject({
    id: id().optional(),
    name: text(MAX_LABEL_CHARS),
    overlap: z.number().int().min(1).max(MAX_QUEUE_OVERLAP),
    counterbalance: z.boolean(),
    taskType: slug().optional(),
    objective: objective().optional(),
    guidelineVersion: token().optional(),
    guidelines: text(MAX_GUIDELINES_CHARS).optional(),
    reversalShare: z.number().min(0).max(1).optional(),
    rubric: z.array(queueRubricDimensionSchema).max(MAX_QUEUE_RUBRIC_DIMENSIONS).optional(),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    (data.rubric ?? []).forEach((dimension, index) => {
      if (seen.has(dimension.id))
        ctx.addIssue({ code: 'custom', path: ['rubric', index, 'id'], message: 'must be unique', input: dimension.id });
      seen.add(dimension.id);
    });
  });
export type CreateQueueInput = z.infer<typeof createQueueSchema>;

export const queueTaskSchema = z
  .strictObject({
    taskId: id(),
    prompt: text(MAX_PROMPT_CHARS),
    responses: z
      .array(z.strictObject({ id: id(), text: text(MAX_RESPONSE_CHARS), modelVersion: token() }))
      .min(2)
      .max(MAX_COMPARISON_RESPONSES),
    taskType: slug().optional(),
  })
  .superRefine((task, ctx) => {
    const ids = new Set<string>();
    task.responses.forEach((response, index) => {
      if (ids.has(response.id))
        ctx.addIssue({
          code: 'custom',
          path: ['responses', index, 'id'],
          message: 'must be unique',
          input: response.id,
        });
      ids.add(response.id);
    });
  });
export type QueueTaskInput = z.infer<typeof queueTaskSchema>;

export const enqueueEnvelopeSchema = z.object({
  queueId: id(),
  tasks: z.array(z.unknown()).min(1).max(MAX_ENQUEUE_TASKS),
});

export const nextTaskQuerySchema = z.object({ queue: id(), rater: id().optional() });

/** A judgment of an assignment (POST /v1/assignments/{id}/judgment): what the rater decided; the rest comes from the assignment. */
export const judgmentSchema = z.strictObject({
  choice: comparisonChoiceSchema,
  strength: comparisonStrengthSchema.optional(),
  /** Scores on the queue's rubric dimensions (checked against them). */
  rubric: comparisonRubricSchema.optional(),
  /** Free text, sealed with the rater's key like the rest of the comparison. */
  comment: text(MAX_COMPARISON_COMMENT_CHARS).optional(),
  dwellTimeMs: nonNegativeInt(),
  locale: locale().optional(),
  interfaceVersion: token().optional(),
  /** Only for ingest keys judging on a rater's behalf; a rater key judges as itself. */
  raterId: id().optional(),
});
export type JudgmentInput = z.infer<typeof judgmentSchema>;
export const parseJudgment = (body: unknown): JudgmentInput => parse(judgmentSchema, body);

/** Parses or throws a ValidationError naming each broken field (`prefix` prepended). */
function parse<T>(schema: z.ZodType<T>, input: unknown, prefix = '', storableCheck = true): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new ValidationError([{ path: prefix, rule: 'must be a JSON object' }]);
  const result = schema.safeParse(input, REPORT_INPUT);
  // Queue tasks are stored as they came (prompt and responses in PostgreSQL): refuse what it cannot hold.
  const unstorable = storableCheck ? findUnstorableStrings(input, prefix) : [];
  if (!result.success) throw new ValidationError([...formatZodIssues(result.error.issues, prefix), ...unstorable]);
  if (unstorable.length > 0) throw new ValidationError(unstorable);
  return result.data;
}

export const parseCreateQueue = (body: unknown): CreateQueueInput => parse(createQueueSchema, body);

/** The request as a whole: a queue id and 1..1000 task items, each validated later on its own. */
// The tasks' text is checked one task at a time (parseQueueTask), so one bad task does not refuse the others.
export const parseEnqueueEnvelope = (body: unknown): { queueId: string; tasks: unknown[] } =>
  parse(enqueueEnvelopeSchema, body, '', false);

/** One task item: the task, or the issues under `tasks[index]`. */
export function parseQueueTask(item: unknown, index: number): { task: QueueTaskInput } | { issues: FieldIssue[] } {
  try {
    return { task: parse(queueTaskSchema, item, `tasks[${index}]`) };
  } catch (error) {
    if (error instanceof ValidationError) return { issues: [...error.issues] };
    throw error;
  }
}

export const parseNextTaskQuery = (query: unknown): { queue: string; rater?: string } =>
  parse(nextTaskQuerySchema, query ?? {});
