import type { QueueChange } from './queue-changes';
import type { RecordChange } from './records/record-changes';
import type { TrainerRecordChanges } from './trainer-records';
import type { RetrainRunDetails } from './retrain-run-details';
import type { RetrainRequestedData } from '@hindsight/contracts';
import type { DriftMeasurementItem } from '@hindsight/api-types';

/** Rows a batch of new events adds to or changes in the projections; plain data, written by the store. */
export interface ComparisonRow {
  readonly annotationId: string;
  readonly tenant: string;
  readonly taskId: string;
  readonly taskType: string;
  readonly objective: string;
  readonly raterId: string;
  readonly prompt: string;
  readonly responses: unknown;
  readonly shownOrder: readonly string[];
  readonly choice: unknown;
  readonly strength: number | null;
  readonly guidelineVersion: string;
  readonly interfaceVersion: string | null;
  readonly dwellTimeMs: number;
  readonly locale: string;
  /** `comparison.recorded` v2: dimension id → score; `{}` when the comparison has none (every v1 comparison). */
  readonly rubric: Readonly<Record<string, number>>;
  /** `comparison.recorded` v2: the rater's comment; null when there is none. */
  readonly comment: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface AmendmentRow {
  readonly eventId: string;
  readonly tenant: string;
  readonly annotationId: string;
  readonly kind: 'corrected' | 'retracted';
  /** For a correction: the corrected fields (a null strength removes it); for a retraction: `{ reason }`. */
  readonly changes: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
}

export interface RaterRow {
  readonly tenant: string;
  readonly raterId: string;
  readonly expertise: unknown;
  readonly languages: readonly string[];
  readonly region: string;
  readonly optInGroup: string | null;
  /** `human` or `model` (an AI judge); a v1 profile is upcast to `human` */
  readonly kind: 'human' | 'model';
  readonly modelId: string | null;
  readonly promptVersion: string | null;
  readonly constitutionVersion: string | null;
  readonly recordedAt: string;
}

export interface InteractionRow {
  readonly tenant: string;
  readonly interactionId: string;
  readonly prompt: string;
  readonly response: string;
  readonly modelVersion: string;
  readonly userId: string | null;
  /** `interaction.logged` v2's optional partition: null when the interaction did not name it (every v1 one). */
  readonly objective: string | null;
  readonly surface: string | null;
  readonly locale: string | null;
  /** Matches of personal data replaced in prompt and response, per kind; null when nothing was redacted (none found, redaction off, or logged before v3). */
  readonly redactions: Readonly<Record<string, number>> | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface FeedbackRow {
  readonly eventId: string;
  readonly tenant: string;
  readonly interactionId: string;
  readonly kind: string;
  readonly comment: string | null;
  readonly correctedResponse: string | null;
  readonly userId: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface OutcomeRow {
  readonly eventId: string;
  readonly tenant: string;
  readonly interactionId: string;
  readonly outcome: string;
  readonly success: boolean | null;
  readonly value: number | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface RunUpdateRow {
  readonly tenant: string;
  readonly runId: string;
  readonly status: 'requested' | 'dataset-built' | 'completed' | 'failed';
  /** The request's data, on the `retrain.requested` only. */
  readonly requested: RetrainRequestedData | null;
  /** Merged into the run's details. */
  readonly details: RetrainRunDetails;
  readonly recordedAt: string;
}

export interface RunMetricRow {
  readonly eventId: string;
  readonly tenant: string;
  readonly runId: string;
  readonly kind: 'training' | 'human-eval';
  readonly step: number;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly recordedAt: string;
}

export interface ErasureRow {
  readonly eventId: string;
  readonly tenant: string;
  readonly subjectKind: 'rater' | 'user' | 'interaction';
  readonly subjectId: string;
  readonly reason: string;
  readonly recordedAt: string;
}

/** One `drift.measured`: the scheduler's drift reading of a policy, and the run it triggered. */
export interface DriftMeasurementRow extends DriftMeasurementItem {
  readonly tenant: string;
}

export interface ChangeSet {
  readonly comparisons: readonly ComparisonRow[];
  /** In the order they were recorded: applied one after another. */
  readonly amendments: readonly AmendmentRow[];
  readonly raters: readonly RaterRow[];
  readonly interactions: readonly InteractionRow[];
  readonly feedback: readonly FeedbackRow[];
  readonly outcomes: readonly OutcomeRow[];
  readonly runUpdates: readonly RunUpdateRow[];
  readonly runMetrics: readonly RunMetricRow[];
  readonly erasures: readonly ErasureRow[];
  /** Annotation queues, their tasks and assignments, in the order consumed: applied one after another. */
  readonly queues: readonly QueueChange[];
  /** Records people create and the scheduler's requested runs, in the order consumed (see records/record-changes.ts). */
  readonly records: readonly RecordChange[];
  /** The trainer's runs and the model registry (see trainer-records.ts). */
  readonly trainerRecords: TrainerRecordChanges;
  readonly driftMeasurements: readonly DriftMeasurementRow[];
  /** `routing.interaction-routed`: the router's decisions (an annotation task's row is made from the projected interactions). */
  readonly routedInteractions: readonly RoutedInteractionRow[];
}

/** One routing decision (`routing.interaction-routed`): ids only; the task's text comes from the projected interactions. */
export interface RoutedInteractionRow {
  readonly tenant: string;
  readonly decisionId: string;
  readonly ruleId: string;
  readonly ruleRevision: number;
  readonly interactionId: string;
  readonly action: 'annotation-task' | 'review' | 'webhook';
  readonly queueId: string | null;
  readonly pairedInteractionId: string | null;
  readonly unpaired: boolean;
  readonly endpoint: string | null;
  readonly cell: string | null;
  readonly rate: number;
  readonly interactionRecordedAt: string;
  readonly routedAt: string;
}
