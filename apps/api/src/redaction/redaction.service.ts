import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import { Clock, formatUuidV7, recordMessage } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import {
  redactionPolicyConfiguredEvent,
  redactionPolicyView,
  TenantRedactionPolicies,
  type RedactionPolicyView,
} from '@hindsight/redaction';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { RedactionPolicyRepository } from '@hindsight/store';

/** The tenant's redaction policy: read it, set it (an event on the configuration topic, then the row). */
@Injectable()
export class RedactionService {
  constructor(
    private readonly repository: RedactionPolicyRepository,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(TenantRedactionPolicies) private readonly policies: TenantRedactionPolicies,
    private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async show(principal: Principal): Promise<RedactionPolicyView> {
    return redactionPolicyView(await this.repository.get(principal.tenant));
  }

  async set(principal: Principal, body: unknown): Promise<RedactionPolicyView> {
    const at = this.clock.now();
    const event = redactionPolicyConfiguredEvent({
      eventId: formatUuidV7(at.getTime(), randomBytes(10)),
      tenant: principal.tenant,
      source: 'api',
      setBy: `api-key:${principal.lookupId}`,
      at,
      request: body,
    });
    await this.publisher.publish([recordMessage(event, this.config.kafka.topicPrefix)]);
    // This api applies it at once (read-your-writes); the others when their follower reads it, in milliseconds.
    this.policies.apply(event);
    await this.repository.apply(event);
    return redactionPolicyView(event.data);
  }
}
