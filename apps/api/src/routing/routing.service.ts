import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import type { PlatformConfig } from '@hindsight/config';
import { Clock, formatUuidV7, parseRequestBody, routingRuleSpecSchema, ValidationError } from '@hindsight/contracts';
import { EventPublisher } from '@hindsight/kafka';
import { RoutingRuleBook, routingMessage, type RoutingRuleSpec, type RoutingRuleView } from '@hindsight/routing';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { DataSource, queueExists, RoutingRepository, type RoutedItem } from '@hindsight/store';

const MAX_ROUTED_LIMIT = 500;

/**
 * Routing rules of the caller's tenant: the use cases of @hindsight/routing. Each change is a
 * `routing-rule.*` event, published (acks=all) and answered as the event leaves the rule.
 */
@Injectable()
export class RoutingService {
  private readonly book: RoutingRuleBook;
  private readonly repository: RoutingRepository;

  constructor(
    @Inject(DataSource) ds: DataSource,
    @Inject(Clock) clock: Clock,
    @Inject(EventPublisher) publisher: EventPublisher,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.repository = new RoutingRepository(ds);
    this.book = new RoutingRuleBook({
      ruleEvents: (tenant) => this.repository.ruleEvents(tenant),
      queueExists: (tenant, id) => queueExists(ds, tenant, id),
      publish: (event) => publisher.publish([routingMessage(event, config.kafka.topicPrefix)]),
      clock,
      newId: () => formatUuidV7(clock.now().getTime(), randomBytes(10)),
      newEventId: () => formatUuidV7(clock.now().getTime(), randomBytes(10)),
      source: 'api',
    });
  }

  create(principal: Principal, body: unknown): Promise<RoutingRuleView> {
    return this.book.create(principal.tenant, parseRequestBody(routingRuleSpecSchema, body) as RoutingRuleSpec);
  }

  change(principal: Principal, id: string, body: unknown): Promise<RoutingRuleView> {
    return this.book.change(principal.tenant, id, parseRequestBody(routingRuleSpecSchema, body) as RoutingRuleSpec);
  }

  async list(principal: Principal): Promise<{ rules: RoutingRuleView[] }> {
    return { rules: await this.book.list(principal.tenant) };
  }

  get(principal: Principal, id: string): Promise<RoutingRuleView> {
    return this.book.show(principal.tenant, id);
  }

  pause(principal: Principal, id: string): Promise<RoutingRuleView> {
    return this.book.pause(principal.tenant, id);
  }

  /** The interactions the rule routed, newest first: the review list of a review rule. */
  async routed(principal: Principal, id: string, limit: string | undefined): Promise<{ items: RoutedItem[] }> {
    const n = limit === undefined ? 50 : Number(limit);
    if (!/^\d+$/.test(limit ?? '50') || n < 1 || n > MAX_ROUTED_LIMIT)
      throw new ValidationError([{ path: 'limit', rule: `must be an integer from 1 to ${MAX_ROUTED_LIMIT}` }]);
    await this.book.show(principal.tenant, id);
    return { items: await this.repository.routed(principal.tenant, id, n) };
  }
}
