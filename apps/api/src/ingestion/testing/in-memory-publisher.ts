import { UnavailableError } from '@hindsight/contracts';
import type { OutgoingMessage } from '@hindsight/kafka';
import type { IngestionPublisher } from '../ingestion-ports';

/**
 * Kafka in memory: the fake of the IngestionPublisher port (EventPublisher),
 * checked by the same contract (publisher.contract.ts) in
 * in-memory-publisher.unit.spec.ts. `published` is what the broker acknowledged,
 * in order; `failWith` makes every publish reject until `recover`, as a broker
 * that is down or does not acknowledge in time does.
 */
export class InMemoryPublisher implements IngestionPublisher {
  readonly published: OutgoingMessage[] = [];
  private failure?: unknown;
  private closed = false;

  failWith(error: unknown = new UnavailableError('kafka', 'Kafka did not acknowledge within 1000 ms')): void {
    this.failure = error;
  }

  recover(): void {
    this.failure = undefined;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new UnavailableError('kafka', 'the publisher is shutting down');
    if (messages.length === 0) return;
    if (this.failure !== undefined) throw this.failure;
    this.published.push(...messages.map((m) => ({ ...m })));
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
