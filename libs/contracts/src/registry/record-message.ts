import { eventHeaders } from '../versioning/headers';
import { partitionKey, topicOf } from './event-registry';
import { topicName } from '../topics/topics';
import type { ConfigurationEvent, WebhookEvent } from '../events';

/**
 * The Kafka message of a configuration event (or a webhook delivery attempt): plain JSON (records people create
 * carry no personal content, so nothing is sealed), keyed by the record's id.
 */
export function recordMessage(
  event: ConfigurationEvent | WebhookEvent,
  topicPrefix: string,
): { topic: string; key: string; value: string; headers: Record<string, string> } {
  return {
    topic: topicName(topicPrefix, topicOf(event.type)),
    key: partitionKey(event),
    value: JSON.stringify(event),
    headers: eventHeaders(event),
  };
}
