import { assertNever, type HindsightEvent } from '@hindsight/contracts';
import {
  recordChangeOf,
  retrainRequestChangeOf,
  webhookAttemptChangeOf,
  type RecordChange,
} from './records/record-changes';
import { emptyTrainerRecordChanges, planTrainerRecord } from './trainer-records';
import type {
  ChangeSet,
  ComparisonRow,
  AmendmentRow,
  RaterRow,
  InteractionRow,
  FeedbackRow,
  OutcomeRow,
  RunUpdateRow,
  RunMetricRow,
  ErasureRow,
  DriftMeasurementRow,
  RoutedInteractionRow,
} from './change-set';
import { amendmentOf } from './amendments/annotation-amendments';
import { planQueueChange, type QueueChange } from './queue-changes';
import { judgedAssignmentOf } from './assignment-judgments';
import { runMetricOf } from './runs/run-metrics';
import { runUpdateOf } from './runs/run-updates';

/**
 * The projections' `evolve`: what a batch of new events (in the order they were
 * consumed) does to the read models. Pure; the store writes the result in the
 * same transaction as the consumed offsets. Handles every event type.
 */
export function planProjection(events: readonly HindsightEvent[]): ChangeSet {
  const comparisons: ComparisonRow[] = [];
  const amendments: AmendmentRow[] = [];
  const raters = new Map<string, RaterRow>();
  const interactions = new Map<string, InteractionRow>();
  const feedback: FeedbackRow[] = [];
  const outcomes: OutcomeRow[] = [];
  const runUpdates: RunUpdateRow[] = [];
  const runMetrics: RunMetricRow[] = [];
  const erasures: ErasureRow[] = [];
  const queues: QueueChange[] = [];
  const records: RecordChange[] = [];
  const trainerRecords = emptyTrainerRecordChanges();
  const driftMeasurements: DriftMeasurementRow[] = [];
  const routedInteractions: RoutedInteractionRow[] = [];

  // Rows are written out field by field, not as `{ ...base, … }`: V8 gives a spread followed by new
  // fields a slow object shape, and this runs for every projected event.
  for (const event of events) {
    switch (event.type) {
      case 'comparison.recorded': {
        const d = event.data;
        comparisons.push({
          tenant: event.tenant,
          recordedAt: event.recordedAt,
          annotationId: event.id,
          taskId: d.taskId,
          taskType: d.taskType,
          objective: d.objective,
          raterId: d.raterId,
          prompt: d.prompt,
          responses: d.responses,
          shownOrder: d.shownOrder,
          choice: d.choice,
          strength: d.strength ?? null,
          guidelineVersion: d.guidelineVersion,
          interfaceVersion: d.interfaceVersion ?? null,
          dwellTimeMs: d.dwellTimeMs,
          locale: d.locale,
          rubric: d.rubric ?? {},
          comment: d.comment ?? null,
          occurredAt: event.occurredAt,
        });
        // A comparison naming a queue assignment completes it (in the consumed order of the queue changes).
        const judged = judgedAssignmentOf(event);
        if (judged !== undefined) queues.push(judged);
        break;
      }
      case 'annotation.corrected':
      case 'annotation.retracted':
        amendments.push(amendmentOf(event));
        break;
      case 'rating.recorded':
        // Ratings are kept in the event store; no read model needs them yet.
        break;
      case 'rater.profiled': {
        const d = event.data;
        raters.set(`${event.tenant}\u0000${d.raterId}`, {
          tenant: event.tenant,
          recordedAt: event.recordedAt,
          raterId: d.raterId,
          expertise: d.expertise,
          languages: d.languages,
          region: d.region,
          optInGroup: d.optInGroup ?? null,
          kind: d.kind ?? 'human',
          modelId: d.modelId ?? null,
          promptVersion: d.promptVersion ?? null,
          constitutionVersion: d.constitutionVersion ?? null,
        });
        break;
      }
      case 'interaction.logged': {
        const d = event.data;
        interactions.set(`${event.tenant}\u0000${d.interactionId}`, {
          tenant: event.tenant,
          recordedAt: event.recordedAt,
          interactionId: d.interactionId,
          prompt: d.prompt,
          response: d.response,
          modelVersion: d.modelVersion,
          userId: d.userId ?? null,
          objective: d.objective ?? null,
          surface: d.surface ?? null,
          locale: d.locale ?? null,
          redactions: d.redaction?.counts ?? null,
          occurredAt: event.occurredAt,
        });
        break;
      }
      case 'feedback.recorded': {
        const d = event.data;
        feedback.push({
          tenant: event.tenant,
          recordedAt: event.recordedAt,
          eventId: event.id,
          interactionId: d.interactionId,
          kind: d.kind,
          comment: d.comment ?? null,
          correctedResponse: d.correctedResponse ?? null,
          userId: d.userId ?? null,
          occurredAt: event.occurredAt,
        });
        break;
      }
      case 'outcome.recorded': {
        const d = event.data;
        outcomes.push({
          tenant: event.tenant,
          recordedAt: event.recordedAt,
          eventId: event.id,
          interactionId: d.interactionId,
          outcome: d.outcome,
          success: d.success ?? null,
          value: d.value ?? null,
          occurredAt: event.occurredAt,
        });
        break;
      }
      case 'retrain.requested':
        runUpdates.push(runUpdateOf(event));
        records.push(retrainRequestChangeOf(event));
        planTrainerRecord(event, trainerRecords);
        break;
      case 'retrain.run-advanced':
      case 'model.registered':
      case 'model.outcome-audited':
        planTrainerRecord(event, trainerRecords);
        break;
      case 'retrain.dataset-built':
      case 'retrain.completed':
      case 'retrain.failed':
        runUpdates.push(runUpdateOf(event));
        break;
      case 'training.metrics.reported':
      case 'eval.human.reported':
        runMetrics.push(runMetricOf(event));
        break;
      case 'drift.measured': {
        const d = event.data;
        driftMeasurements.push({
          eventId: event.id,
          tenant: event.tenant,
          policyId: d.policyId,
          objectives: d.objectives,
          objective: d.objective ?? null,
          surface: d.surface ?? null,
          since: d.since,
          windowFrom: d.windowFrom ?? null,
          value: d.value,
          lengthDrift: d.lengthDrift ?? null,
          localeMixDrift: d.localeMixDrift ?? null,
          samples: d.samples ?? null,
          threshold: d.threshold,
          measure: d.measure,
          runId: d.runId ?? null,
          measuredAt: event.occurredAt,
        });
        break;
      }
      case 'subject.erasure.requested':
        erasures.push({
          tenant: event.tenant,
          recordedAt: event.recordedAt,
          eventId: event.id,
          subjectKind: event.data.subjectKind,
          subjectId: event.data.subjectId,
          reason: event.data.reason,
        });
        break;
      // Annotation queues (their own change list, applied in order by the store's queue projection; a comparison
      // naming an assignment adds its completion to it, above).
      case 'queue.created':
      case 'queue.task-enqueued':
      case 'queue.task-assigned':
      case 'queue.assignment-completed':
      case 'queue.assignment-expired':
        queues.push(planQueueChange(event));
        break;
      // Records people create (configuration topic): see records/record-changes.ts.
      case 'retrain-policy.created':
      case 'retrain-policy.paused':
      case 'retrain-policy.resumed':
      case 'retrain-policy.deleted':
      case 'api-key.created':
      case 'api-key.revoked':
      case 'run.kl-budget-assigned':
      case 'redaction-policy.configured':
      case 'webhook.subscribed':
      case 'webhook.unsubscribed':
        records.push(recordChangeOf(event));
        break;
      // Outbound webhooks' deliveries view (webhooks topic).
      case 'webhook.delivery-attempted':
        records.push(webhookAttemptChangeOf(event));
        break;
      // Kept in the event store only: every api follows sign-outs from the configuration topic in memory.
      case 'session.ended':
      // Kept in the event store only: the trainer reads the weights in effect at a run's as-of time there.
      case 'blend.weights-assigned':
        break;
      // Routing rules are read by folding their events from the event store (libs/routing's evolveRoutingRules).
      case 'routing-rule.created':
      case 'routing-rule.changed':
      case 'routing-rule.paused':
        break;
      case 'routing.interaction-routed': {
        const d = event.data;
        routedInteractions.push({
          tenant: event.tenant,
          decisionId: d.decisionId,
          ruleId: d.ruleId,
          ruleRevision: d.ruleRevision,
          interactionId: d.interactionId,
          action: d.action,
          queueId: d.queueId ?? null,
          pairedInteractionId: d.pairedInteractionId ?? null,
          unpaired: d.unpaired ?? false,
          endpoint: d.endpoint ?? null,
          cell: d.cell ?? null,
          rate: d.rate,
          interactionRecordedAt: d.interactionRecordedAt,
          routedAt: event.recordedAt,
        });
        break;
      }
      default:
        assertNever(event);
    }
  }
  return {
    comparisons,
    amendments,
    raters: [...raters.values()],
    interactions: [...interactions.values()],
    feedback,
    outcomes,
    runUpdates,
    runMetrics,
    erasures,
    queues,
    records,
    trainerRecords,
    driftMeasurements,
    routedInteractions,
  };
}
