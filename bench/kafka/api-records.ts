import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  partitionKey,
  sealEvent,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { associatedDataOf, personalSubjectOf, sealData } from '@hindsight/shredding';
import type { CodecMessage } from './kafkajs-codec';

const RATERS = 50;
const TASKS = 20_000;

/**
 * `count` distinct comparison.recorded messages as the api publishes them (the annotations topic's bulk):
 * the envelope with its data sealed under the rater's data key (AES-256-GCM, as EventSealer seals it), keyed by
 * the event's partition key, with the four headers of `eventHeaders` in one object shared by every message of
 * the same tenant, type and version (IngestionService.headersOf). Ids, idempotency keys, tasks and raters vary
 * per message; each rater's data key is fixed, so the values' sizes are the same from run to run.
 */
export function apiComparisonMessages(count: number, tenant = 'acme'): CodecMessage[] {
  const input = structuredClone(exampleEventInputs['comparison.recorded']) as unknown as {
    idempotencyKey: string;
    data: Record<string, unknown>;
  };
  const dataKeys = Array.from({ length: RATERS }, (_, i) => Buffer.alloc(32, i + 1));
  const recordedAt = Date.parse('2026-12-07T12:00:00.000Z');
  let headers: Readonly<Record<string, string>> | undefined;
  const messages: CodecMessage[] = [];
  for (let i = 0; i < count; i++) {
    const task = `task-${i % TASKS}`;
    const rater = `rater-${i % RATERS}`;
    const event = sealEvent(
      validateEventInput({
        ...input,
        idempotencyKey: `cmp-${task}-${rater}-${i}`,
        data: { ...input.data, taskId: task, raterId: rater },
      }),
      {
        id: formatUuidV7(recordedAt + i, Buffer.alloc(10, i % 256)),
        recordedAt: new Date(recordedAt + i).toISOString(),
        tenant,
        source: 'api',
      },
    ) as HindsightEvent;
    const subject = personalSubjectOf(event.type, event.data);
    if (subject === undefined) throw new Error('apiComparisonMessages: comparison.recorded names no personal subject');
    const value = JSON.stringify({
      ...event,
      data: sealData(event.data, dataKeys[i % RATERS], subject, associatedDataOf(event)),
    });
    headers ??= Object.freeze(eventHeaders(event));
    messages.push({ key: partitionKey(event), value, headers });
  }
  return messages;
}
