import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { id, nonNegativeInt, objective, positiveInt, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/**
 * `eval.human.reported` v1: a held-out human evaluation at `step`: the
 * fraction `winRate` (0..1, ties counted as half) of `n` judgments in which the
 * trained policy beat `baseline` (a model version, if named).
 */
export const evalHumanReportedDataV1 = z.strictObject({
  runId: id(),
  objective: objective().optional(),
  step: nonNegativeInt(),
  winRate: z.number().min(0).max(1),
  n: positiveInt(),
  baseline: token().optional(),
});

export const evalHumanReportedV1 = defineEvent({
  type: 'eval.human.reported',
  version: 1,
  topic: TOPICS.retraining,
  description: 'A held-out human evaluation at a training step: winRate in 0..1 (ties count half) over n judgments.',
  data: evalHumanReportedDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  senders: { clients: ['ingest'] },
  personalSubject: null,
  erasedBy: [],
});

export type EvalHumanReported = EventOf<typeof evalHumanReportedV1>;
export type EvalHumanReportedInput = EventInputOf<typeof evalHumanReportedV1>;
export type EvalHumanReportedData = DataOf<typeof evalHumanReportedV1>;
