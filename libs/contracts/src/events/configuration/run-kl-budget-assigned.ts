import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, isoDateTime } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `run.kl-budget-assigned` v1: the KL budget (nats) of a policy-training run of the
 * tenant, for the reward-hacking monitor; the latest `setAt` wins.
 */
export const runKlBudgetAssignedDataV1 = z.strictObject({
  runId: id(),
  klBudget: z.number().positive().max(1e12),
  setAt: isoDateTime(),
});

export const runKlBudgetAssignedV1 = defineEvent({
  type: 'run.kl-budget-assigned',
  version: 1,
  topic: TOPICS.configuration,
  description: 'The KL budget of a policy-training run was set (PUT /v1/runs/{id}/budget, hindsight runs budget).',
  data: runKlBudgetAssignedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  // Written by the api's own route and the CLI after their checks: never through /v1/events.
  senders: { platform: 'api' },
  personalSubject: null,
  erasedBy: [],
});

export type RunKlBudgetAssigned = EventOf<typeof runKlBudgetAssignedV1>;
export type RunKlBudgetAssignedInput = EventInputOf<typeof runKlBudgetAssignedV1>;
export type RunKlBudgetAssignedData = DataOf<typeof runKlBudgetAssignedV1>;
