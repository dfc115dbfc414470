import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { formatUuidV7 } from '@hindsight/contracts';
import { RetrainPolicies, type RetrainPolicyView } from '@hindsight/scheduling';
import { RetrainPolicyRepository } from '@hindsight/store';
import { retrainRecipeIssues } from '@hindsight/training';
import { Clock } from '../ingestion/clock';

/** Retrain policies of the caller's tenant: the use cases of @hindsight/scheduling over the policy repository. */
@Injectable()
export class PoliciesService {
  private readonly policies: RetrainPolicies;

  constructor(repository: RetrainPolicyRepository, clock: Clock) {
    this.policies = new RetrainPolicies({
      store: repository,
      now: () => new Date(clock.now()),
      newId: () => formatUuidV7(clock.now(), randomBytes(10)),
      inlineRecipeIssues: (inline) => retrainRecipeIssues(inline, 'recipe.inline'),
    });
  }

  create(principal: Principal, body: unknown): Promise<RetrainPolicyView> {
    return this.policies.create(principal.tenant, body);
  }

  async list(principal: Principal): Promise<{ policies: RetrainPolicyView[] }> {
    return { policies: await this.policies.list(principal.tenant) };
  }

  get(principal: Principal, id: string): Promise<RetrainPolicyView> {
    return this.policies.get(principal.tenant, id);
  }

  pause(principal: Principal, id: string): Promise<RetrainPolicyView> {
    return this.policies.pause(principal.tenant, id);
  }

  resume(principal: Principal, id: string): Promise<RetrainPolicyView> {
    return this.policies.resume(principal.tenant, id);
  }

  delete(principal: Principal, id: string): Promise<void> {
    return this.policies.delete(principal.tenant, id);
  }
}
