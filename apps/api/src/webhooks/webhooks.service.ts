import { Injectable } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import { Clock } from '@hindsight/contracts';
import type { WebhookDeliveryItem } from '@hindsight/store';
import { WebhookSubscriptions, type WebhookView } from '@hindsight/webhooks';

/** The tenant's webhooks: create (the secret answered once), list, delete, deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly clock: Clock,
  ) {}

  create(principal: Principal, body: unknown): Promise<{ webhook: WebhookView; secret: string }> {
    return this.subscriptions.create(principal.tenant, body, this.clock.now());
  }

  list(principal: Principal): Promise<{ webhooks: WebhookView[] }> {
    return this.subscriptions.list(principal.tenant);
  }

  delete(principal: Principal, id: string): Promise<void> {
    return this.subscriptions.delete(principal.tenant, id, this.clock.now());
  }

  deliveries(principal: Principal, query: unknown): Promise<{ deliveries: WebhookDeliveryItem[] }> {
    return this.subscriptions.deliveries(principal.tenant, query);
  }
}
