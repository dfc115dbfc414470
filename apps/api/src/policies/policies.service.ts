import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import { formatUuidV7, recordMessage } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { RetrainPolicies, type RetrainPolicyView } from '@hindsight/scheduling';
import { RetrainPolicyRepository } from '@hindsight/store';
import { retrainRecipeIssues } from '@hindsight/training';
import { Clock } from '@hindsight/contracts';

/**
 * Retrain policies of the caller's tenant: the use cases of @hindsight/scheduling
 * over the policy repository. Each change is a `retrain-policy.*` event, published
 * (acks=all) before the row is written with the projector's code.
 */
@Injectable()
export class PoliciesService {
  private readonly policies: RetrainPolicies;

  constructor(
    repository: RetrainPolicyRepository,
    clock: Clock,
    publisher: EventPublisher,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.policies = new RetrainPolicies({
      store: repository,
      publish: (event) => publisher.publish([recordMessage(event, config.kafka.topicPrefix)]),
      clock,
      newId: () => formatUuidV7(clock.now().getTime(), randomBytes(10)),
      newEventId: () => formatUuidV7(clock.now().getTime(), randomBytes(10)),
      source: 'api',
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
