import { DEAD_LETTER_HEADERS, EVENT_HEADERS, TOPICS, type TopicBase } from '@hindsight/contracts';
import type { RawMessage } from '@hindsight/kafka';
import type { SourceMessage } from './webhook-kinds-table';

/**
 * A consumed message as a source of webhooks, or null when it cannot be one: not
 * JSON, no tenant, or sealed personal content (a webhook never carries it). Pure.
 */
export function sourceMessageOf(base: TopicBase, m: RawMessage): SourceMessage | null {
  if (base === TOPICS.deadLetter) {
    const h = m.headers;
    const tenant = h[EVENT_HEADERS.tenant];
    if (!tenant) return null;
    const sourceTopic = h[DEAD_LETTER_HEADERS.sourceTopic] ?? m.topic;
    const sourcePartition = h[DEAD_LETTER_HEADERS.sourcePartition] ?? String(m.partition);
    const sourceOffset = h[DEAD_LETTER_HEADERS.sourceOffset] ?? m.offset;
    const failedAt = h[DEAD_LETTER_HEADERS.failedAt] ?? new Date(Number(m.timestamp)).toISOString();
    return {
      topic: base,
      tenant,
      type: 'dead-letter',
      id: `dlq:${sourceTopic}:${sourcePartition}:${sourceOffset}`,
      recordedAt: failedAt,
      data: {
        sourceTopic,
        sourcePartition: Number(sourcePartition),
        sourceOffset,
        eventType: h[EVENT_HEADERS.type] ?? null,
        reason: h[DEAD_LETTER_HEADERS.reason] ?? null,
        consumerGroup: h[DEAD_LETTER_HEADERS.consumerGroup] ?? null,
        failedAt,
      },
    };
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(m.value?.toString('utf8') ?? '');
  } catch {
    return null;
  }
  if (typeof envelope !== 'object' || envelope === null) return null;
  const e = envelope as Record<string, unknown>;
  const data = e.data;
  if (typeof e.id !== 'string' || typeof e.type !== 'string' || typeof e.tenant !== 'string') return null;
  if (typeof data !== 'object' || data === null || '$sealed' in data) return null;
  return {
    topic: base,
    tenant: e.tenant,
    type: e.type,
    id: e.id,
    recordedAt: typeof e.recordedAt === 'string' ? e.recordedAt : new Date(Number(m.timestamp)).toISOString(),
    data: data as Record<string, unknown>,
  };
}
