import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime, objective, positiveInt, slug, uniqueList, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

export const RETRAIN_CATCH_UP_MODES = ['latest-only', 'all'] as const;

/**
 * `retrain-policy.created` v1: the whole definition of a new retrain policy, as
 * the api or the CLI validated it (cadence and time zone by @hindsight/scheduling,
 * the inline recipe by the trainer's rules). The policy starts active at
 * `createdAt`; its later changes are `retrain-policy.paused`, `.resumed` and
 * `.deleted`, each carrying the policy's next `revision`.
 */
export const retrainPolicyCreatedDataV1 = z.strictObject({
  policyId: uuidV7(),
  name: id(),
  cadence: z.string().min(1).max(200),
  timezone: z.string().min(1).max(100),
  objectives: uniqueList(objective()),
  recipe: z.strictObject({ id: slug(), version: positiveInt(), inline: z.record(z.string(), z.unknown()).optional() }),
  catchUp: z.enum(RETRAIN_CATCH_UP_MODES),
  minNewComparisons: positiveInt().nullable(),
  driftThreshold: z.number().positive().max(1).nullable(),
  createdAt: isoDateTime(),
});

export const retrainPolicyCreatedV1 = defineEvent({
  type: 'retrain-policy.created',
  version: 1,
  topic: TOPICS.configuration,
  description:
    'A retrain policy was created (its full definition); written by the api (POST /v1/policies) and the CLI (hindsight policy create).',
  data: retrainPolicyCreatedDataV1,
  subject: (data) => ({ kind: 'policy', id: data.policyId }),
  partitionKey: (data) => data.policyId,
  // Written by the api's own route and the CLI after their checks: never through /v1/events.
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type RetrainPolicyCreated = EventOf<typeof retrainPolicyCreatedV1>;
export type RetrainPolicyCreatedInput = EventInputOf<typeof retrainPolicyCreatedV1>;
export type RetrainPolicyCreatedData = DataOf<typeof retrainPolicyCreatedV1>;
