import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, metadata, slug } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `outcome.recorded` v1: what happened after an interaction, reported by the
 * product's server (`tests-passed`, `ticket-resolved`, `order-refunded`, …).
 * `success` for yes/no outcomes, `value` for measured ones (latency, revenue,
 * score); at least one of the two.
 */
export const outcomeRecordedDataV1 = z
  .strictObject({
    interactionId: id(),
    outcome: slug(),
    success: z.boolean().optional(),
    value: z.number().optional(),
    metadata: metadata().optional(),
  })
  .superRefine((data, ctx) => {
    if (data.success === undefined && data.value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['success'], message: 'required unless value is given', input: undefined });
    }
  });

export const outcomeRecordedV1 = defineEvent({
  type: 'outcome.recorded',
  version: 1,
  topic: TOPICS.deployment,
  description:
    'What happened after an interaction (tests-passed, ticket-resolved, …): success and/or value, at least one of the two.',
  data: outcomeRecordedDataV1,
  subject: (data) => ({ kind: 'interaction', id: data.interactionId }),
  partitionKey: (data) => data.interactionId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'interaction', field: 'interactionId' },
  erasedBy: [{ kind: 'interaction', field: 'interactionId' }],
});

export type OutcomeRecorded = EventOf<typeof outcomeRecordedV1>;
export type OutcomeRecordedInput = EventInputOf<typeof outcomeRecordedV1>;
export type OutcomeRecordedData = DataOf<typeof outcomeRecordedV1>;
