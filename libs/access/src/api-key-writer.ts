import { randomBytes } from 'node:crypto';
import { formatUuidV7, recordMessage } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import type { ApiKeyWriter } from './api-keys';

/** Anything that publishes Kafka messages and resolves once they are acknowledged (`EventPublisher`). */
export interface MessagePublisher {
  publish(
    messages: readonly { topic: string; key: string; value: string; headers: Readonly<Record<string, string>> }[],
  ): Promise<void>;
}

/** The ApiKeyWriter of an operator's tool: events published through `publisher` to the topics under `topicPrefix`, stamped with the system clock. */
export function publishingKeyWriter(publisher: MessagePublisher, topicPrefix: string): ApiKeyWriter {
  return {
    publish: (event) => publisher.publish([recordMessage(event, topicPrefix)]),
    clock: new SystemClock(),
    newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
  };
}
