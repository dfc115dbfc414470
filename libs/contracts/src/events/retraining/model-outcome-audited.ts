import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, objective, slug, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** The method of every outcome audit: DeLong, DeLong & Clarke-Pearson (1988) AUC variances and covariance. */
export const OUTCOME_AUDIT_METHOD = 'delong-1988';

const share = () => z.number().min(0).max(1);
// A list of two (low, high), not a tuple: JSON Schema's prefixItems with items: false trips generic tools (the route fuzzer).
const interval = () => z.array(z.number().min(-1).max(1)).length(2);
const count = () => z.number().int().min(0).max(2_147_483_647);

/**
 * How one model's scores rank one slice of interactions (all of them, or one
 * surface's) by outcome: the AUC with its confidence interval, and against the
 * parent model on the same interactions the parent's AUC and the paired
 * difference (model − parent) with its interval. `auc` is null when the slice
 * lacks two successes and two failures.
 */
export const outcomeAuditSliceSchema = z.strictObject({
  /** null: every interaction of the audit (the overall slice), or the interactions that name no surface. */
  surface: token().nullable(),
  interactions: count(),
  successes: count(),
  auc: share().nullable(),
  ci: interval().nullable(),
  parentAuc: share().nullable(),
  parentCi: interval().nullable(),
  difference: z.number().min(-1).max(1).nullable(),
  differenceCi: interval().nullable(),
  /** The difference's interval lies wholly below 0: the model ranks these outcomes worse than its parent. */
  worseThanParent: z.boolean(),
});

/**
 * `model.outcome-audited` v1: how well a registered model's scores rank the
 * interactions with good outcomes for its objective, as of `asOf`, overall
 * and per surface, compared with its parent on the same interactions.
 * `flagged` is the overall slice's `worseThanParent`. Recorded by the trainer
 * when it registers the model, and on demand by the same code in the CLI
 * (`hindsight models audit`) and the api (`POST /v1/models/{version}/outcome-audit`,
 * admin): `senders` names the trainer, since no key may send it through
 * `POST /v1/events`. The latest audit of a model is the registry's.
 */
export const modelOutcomeAuditedDataV1 = z.strictObject({
  auditId: id(),
  runId: id(),
  objective: objective(),
  modelVersion: token(),
  parentVersion: token().nullable(),
  asOf: isoDateTime(),
  trigger: z.enum(['registration', 'on-demand']),
  method: slug(),
  level: z.number().gt(0).lt(1),
  overall: outcomeAuditSliceSchema,
  bySurface: z.array(outcomeAuditSliceSchema).max(1000),
  flagged: z.boolean(),
});

export const modelOutcomeAuditedV1 = defineEvent({
  type: 'model.outcome-audited',
  version: 1,
  topic: TOPICS.retraining,
  description:
    "How well a registered model's scores rank interactions with good outcomes (AUC with a DeLong interval, overall and per surface), against its parent; flagged when it agrees less with outcomes than the parent.",
  data: modelOutcomeAuditedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  senders: { platform: 'trainer' },
  personalSubject: null,
  erasedBy: [],
});

export type ModelOutcomeAudited = EventOf<typeof modelOutcomeAuditedV1>;
export type ModelOutcomeAuditedInput = EventInputOf<typeof modelOutcomeAuditedV1>;
export type ModelOutcomeAuditedData = DataOf<typeof modelOutcomeAuditedV1>;
export type OutcomeAuditSlice = z.infer<typeof outcomeAuditSliceSchema>;
