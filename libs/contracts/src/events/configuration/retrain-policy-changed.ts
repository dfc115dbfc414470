import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { isoDateTime, uuidV7 } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * The policy's change counter: `retrain-policy.created` is revision 1, each later
 * change the next one. The projector applies a change only to a row of a lower
 * revision, so an event it sees again (after the api or the CLI already applied
 * it) never undoes a later change.
 */
const revision = () => z.number().int().min(2).max(2_147_483_647);

/** `retrain-policy.paused` v1: the policy stops firing at `pausedAt`. */
export const retrainPolicyPausedDataV1 = z.strictObject({
  policyId: uuidV7(),
  revision: revision(),
  pausedAt: isoDateTime(),
});

/** `retrain-policy.resumed` v1: the policy fires again; periods before `resumedAt` are not caught up (it becomes its `activeSince`). */
export const retrainPolicyResumedDataV1 = z.strictObject({
  policyId: uuidV7(),
  revision: revision(),
  resumedAt: isoDateTime(),
});

/** `retrain-policy.deleted` v1: the policy is gone from every list; its requested runs stay on record. */
export const retrainPolicyDeletedDataV1 = z.strictObject({
  policyId: uuidV7(),
  revision: revision(),
  deletedAt: isoDateTime(),
});

const declarations = {
  topic: TOPICS.configuration,
  subject: (data: { policyId: string }) => ({ kind: 'policy' as const, id: data.policyId }),
  partitionKey: (data: { policyId: string }) => data.policyId,
  // Written by the api's policy routes and the CLI after their checks (name in use, revision): never through /v1/events.
  senders: { platform: 'api' as const },
  personalSubject: null,
  erasedBy: [] as const,
};

export const retrainPolicyPausedV1 = defineEvent({
  type: 'retrain-policy.paused',
  version: 1,
  description: 'A retrain policy was paused (POST /v1/policies/{id}/pause, hindsight policy pause).',
  data: retrainPolicyPausedDataV1,
  ...declarations,
});

export const retrainPolicyResumedV1 = defineEvent({
  type: 'retrain-policy.resumed',
  version: 1,
  description: 'A paused retrain policy was resumed; periods that passed while it was paused are not caught up.',
  data: retrainPolicyResumedDataV1,
  ...declarations,
});

export const retrainPolicyDeletedV1 = defineEvent({
  type: 'retrain-policy.deleted',
  version: 1,
  description: 'A retrain policy was deleted; its requested runs stay on record.',
  data: retrainPolicyDeletedDataV1,
  ...declarations,
});

export type RetrainPolicyPaused = EventOf<typeof retrainPolicyPausedV1>;
export type RetrainPolicyPausedInput = EventInputOf<typeof retrainPolicyPausedV1>;
export type RetrainPolicyPausedData = DataOf<typeof retrainPolicyPausedV1>;
export type RetrainPolicyResumed = EventOf<typeof retrainPolicyResumedV1>;
export type RetrainPolicyResumedInput = EventInputOf<typeof retrainPolicyResumedV1>;
export type RetrainPolicyResumedData = DataOf<typeof retrainPolicyResumedV1>;
export type RetrainPolicyDeleted = EventOf<typeof retrainPolicyDeletedV1>;
export type RetrainPolicyDeletedInput = EventInputOf<typeof retrainPolicyDeletedV1>;
export type RetrainPolicyDeletedData = DataOf<typeof retrainPolicyDeletedV1>;
