import { Inject, Injectable } from '@nestjs/common';
import {
  eventHeaders,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  type EventDataOf,
  type EventOfType,
  type HindsightEventInput,
  type QueueEvent,
} from '@hindsight/contracts';
import type { PlatformConfig } from '@hindsight/config';
import { EventPublisher } from '@hindsight/kafka';
import { PLATFORM_CONFIG } from '@hindsight/runtime';
import { Clock } from '@hindsight/contracts';
import { RandomSource } from './random-source';

/** What the api writes as itself (the envelope's `source`). */
export const QUEUE_EVENT_SOURCE = 'api';

/**
 * The api's queue records as events on `TOPICS.queues`: stamped with the
 * clock and an id (validated like any event), published with acks=all. The
 * rows follow from the event (the projection's own code), never the other way.
 */
@Injectable()
export class QueueEvents {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** A new event of `type` for the tenant, recorded now. */
  record<T extends QueueEvent['type']>(tenant: string, type: T, data: EventDataOf<T>): EventOfType<T> {
    const now = this.clock.now();
    const id = formatUuidV7(now.getTime(), this.random.bytes(10));
    // The key only has to be unique: the api checks conflicts itself, before it records anything.
    const input = { type, idempotencyKey: `queue-event:${id}`, data } as unknown as HindsightEventInput;
    return sealEvent(input, {
      id,
      recordedAt: now.toISOString(),
      tenant,
      source: QUEUE_EVENT_SOURCE,
    }) as EventOfType<T>;
  }

  /** Resolves once Kafka acknowledged every event (in order: one queue's events share a partition). */
  publish(events: readonly QueueEvent[]): Promise<void> {
    return this.publisher.publish(
      events.map((event) => ({
        topic: topicName(this.config.kafka.topicPrefix, topicOf(event.type)),
        key: partitionKey(event),
        headers: eventHeaders(event),
        value: JSON.stringify(event),
      })),
    );
  }
}
