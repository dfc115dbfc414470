import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import { Clock, requireInstant, ValidationError, type ModelOutcomeAuditedData } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import {
  ModelRegistryViews,
  OutcomeAuditor,
  runEventMessage,
  type ModelComparison,
  type ModelSummary,
  type ModelView,
} from '@hindsight/training';

/** The model registry of the caller's tenant. */
@Injectable()
export class ModelsService {
  constructor(
    private readonly views: ModelRegistryViews,
    private readonly auditor: OutcomeAuditor,
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /**
   * Audits the model against outcomes recorded by `asOf` (default now) and
   * publishes the audit (acks=all) before answering it.
   * @throws ValidationError naming `asOf` or an unknown field; NotFoundError for an unknown model.
   */
  async audit(principal: Principal, modelVersion: string, body: unknown): Promise<ModelOutcomeAuditedData> {
    const now = this.clock.now();
    let asOf = now;
    if (body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body).length === 0)) {
      if (typeof body !== 'object' || Array.isArray(body))
        throw new ValidationError([{ path: 'body', rule: 'must be an object' }]);
      const unknown = Object.keys(body).filter((k) => k !== 'asOf');
      if (unknown.length > 0) throw new ValidationError(unknown.map((k) => ({ path: k, rule: 'unknown field' })));
      const value = (body as { asOf?: unknown }).asOf;
      if (value !== undefined) asOf = new Date(requireInstant(value, 'asOf'));
    }
    const event = await this.auditor.audit(principal.tenant, modelVersion, {
      asOf,
      recordedAt: now,
      random: randomBytes(10),
      source: 'api',
    });
    await this.publisher.publish([runEventMessage(JSON.stringify(event), this.config.kafka.topicPrefix)]);
    return event.data as ModelOutcomeAuditedData;
  }

  list(principal: Principal, query: { objective?: string; limit?: string }): Promise<{ models: ModelSummary[] }> {
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    if (limit !== undefined && !/^\d+$/.test(query.limit ?? ''))
      throw new ValidationError([{ path: 'limit', rule: 'must be an integer between 1 and 1000' }]);
    return this.views.list(principal.tenant, { objective: query.objective || undefined, limit });
  }

  show(principal: Principal, modelVersion: string): Promise<ModelView> {
    return this.views.show(principal.tenant, modelVersion);
  }

  compare(principal: Principal, query: { a?: string; b?: string }): Promise<ModelComparison> {
    const issues = (['a', 'b'] as const)
      .filter((k) => !query[k])
      .map((k) => ({ path: k, rule: 'required: a model version or a run id' }));
    if (issues.length > 0) throw new ValidationError(issues);
    return this.views.compare(principal.tenant, query.a!, query.b!);
  }
}
