import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { Clock } from '@hindsight/contracts';
import { ModelFamilyViews } from '@hindsight/training';

/** Governance's blend weights and the disagreement reports of per-group runs, for the caller's tenant. */
@Injectable()
export class FamiliesService {
  constructor(
    private readonly views: ModelFamilyViews,
    private readonly clock: Clock,
  ) {}

  async set(principal: Principal, body: unknown): Promise<{ eventId: string; data: unknown }> {
    const event = await this.views.setBlendWeights(principal.tenant, body, principal.keyId, this.clock.now());
    return { eventId: event.id, data: event.data };
  }

  list(principal: Principal, objective: string | undefined): ReturnType<ModelFamilyViews['blendWeights']> {
    return this.views.blendWeights(principal.tenant, objective);
  }

  disagreement(principal: Principal, runId: string): ReturnType<ModelFamilyViews['disagreement']> {
    return this.views.disagreement(principal.tenant, runId);
  }
}
