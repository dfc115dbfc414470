import { z } from 'zod';
import {
  blendWeightsAssignedDataV1,
  NotFoundError,
  parseRequestBody,
  sealEvent,
  validateEventInput,
  type BlendWeightsAssigned,
} from '@hindsight/contracts';
import type { BlendWeightsRepository, BlendWeightsRow, ModelRegistryRepository } from '@hindsight/store';

/**
 * The body of `PUT /v1/blend-weights` (and `hindsight blend set`): who decided
 * (`setBy`), why, for which objective and rater field, and the weight of each
 * group. The api parses it with this very schema and `/docs/openapi.json`
 * describes it with it.
 */
export const blendWeightsBodySchema = z.strictObject({
  objective: blendWeightsAssignedDataV1.shape.objective,
  field: blendWeightsAssignedDataV1.shape.field,
  weights: blendWeightsAssignedDataV1.shape.weights,
  reason: blendWeightsAssignedDataV1.shape.reason,
  setBy: blendWeightsAssignedDataV1.shape.setBy,
});
export type BlendWeightsBody = z.infer<typeof blendWeightsBodySchema>;

/** Setting weights publishes `blend.weights-assigned`: the api and the CLI have one. */
export interface BlendWeightsWriter {
  /** Resolves once Kafka acknowledged the event (acks=all). */
  readonly publish: (event: BlendWeightsAssigned) => Promise<void>;
  readonly newEventId: () => string;
  /** `api` or `cli`. */
  readonly source: string;
}

/** A sealed `blend.weights-assigned` (every decision is its own event: the idempotency key carries the event id). Pure. */
export function blendWeightsAssignedEvent(b: {
  eventId: string;
  tenant: string;
  source: string;
  body: BlendWeightsBody;
  keyId: string | null;
  at: Date;
}): BlendWeightsAssigned {
  const input = validateEventInput(
    {
      type: 'blend.weights-assigned',
      idempotencyKey: `blend-weights:${b.body.objective}:${b.body.field}:${b.eventId}`,
      occurredAt: b.at.toISOString(),
      data: { ...b.body, keyId: b.keyId, setAt: b.at.toISOString() },
    },
    { types: ['blend.weights-assigned'] },
  );
  return sealEvent(input, {
    id: b.eventId,
    recordedAt: b.at.toISOString(),
    tenant: b.tenant,
    source: b.source,
  }) as BlendWeightsAssigned;
}

/** One objective's family of a per-group run, as `GET /v1/retrain-runs/{id}/disagreement` shows it. */
export interface FamilyView {
  readonly objective: string;
  readonly modelVersion: string;
  readonly family: Record<string, unknown>;
}

/** The blend weights' and model families' use cases: set and list weights, read a run's disagreement report. */
export class ModelFamilyViews {
  constructor(
    private readonly models: Pick<ModelRegistryRepository, 'listByRun'>,
    private readonly blends: Pick<BlendWeightsRepository, 'history'>,
    private readonly writer?: BlendWeightsWriter,
  ) {}

  /**
   * Publishes governance's weights; a run whose as-of time is at or after `at` blends by them.
   * @throws ValidationError naming the field at fault; nothing is published.
   */
  async setBlendWeights(tenant: string, body: unknown, keyId: string | null, at: Date): Promise<BlendWeightsAssigned> {
    const parsed = parseRequestBody(
      blendWeightsBodySchema,
      body,
      'must be an object such as {"objective":"helpfulness","field":"group","weights":{"a":1,"b":1},"reason":"…","setBy":"board"}',
    );
    if (!this.writer) throw new Error('ModelFamilyViews.setBlendWeights: needs a BlendWeightsWriter');
    const event = blendWeightsAssignedEvent({
      eventId: this.writer.newEventId(),
      tenant,
      source: this.writer.source,
      body: parsed,
      keyId,
      at,
    });
    await this.writer.publish(event);
    return event;
  }

  /** The tenant's weight decisions, newest first. */
  async blendWeights(
    tenant: string,
    objective: string | undefined,
    limit = 100,
  ): Promise<{ items: BlendWeightsRow[] }> {
    return { items: await this.blends.history(tenant, { objective, limit }) };
  }

  /**
   * The families of a per-group run, one per objective, each with its disagreement report.
   * @throws NotFoundError when the tenant has no per-group model of that run.
   */
  async disagreement(tenant: string, runId: string): Promise<{ runId: string; objectives: FamilyView[] }> {
    const objectives = (await this.models.listByRun(tenant, runId))
      .filter((m) => m.family !== null)
      .map((m) => ({ objective: m.objective, modelVersion: m.modelVersion, family: m.family! }));
    if (objectives.length === 0) throw new NotFoundError('per-group run', runId);
    return { runId, objectives };
  }
}
