import { ConsumerOffsets1763900000000 } from './1763900000000-consumer-offsets';
import { ApiKeysAndIdempotency1763900100000 } from './1763900100000-api-keys-and-idempotency';
import { EventStoreAndProjections1763900200000 } from './1763900200000-event-store-and-projections';
import { DatasetBuilds1763900210000 } from './1763900210000-dataset-builds';
import { SubjectKeys1763900220000 } from './1763900220000-subject-keys';
import { AnnotationQueues1763900300000 } from './1763900300000-annotation-queues';
import { RetrainPolicies1763900400000 } from './1763900400000-retrain-policies';
import { ModelRegistry1763900500000 } from './1763900500000-model-registry';
import { InteractionsByRecordedAt1763900600000 } from './1763900600000-interactions-by-recorded-at';
import { IdempotencyClaims1763900700000 } from './1763900700000-idempotency-claims';
import { EventsByPersonalSubject1763900800000 } from './1763900800000-events-by-personal-subject';
import { WrappedSubjectKeys1764000000000 } from './1764000000000-wrapped-subject-keys';
import { RecordsAsProjections1764200000000 } from './1764200000000-records-as-projections';
import { QueueTasksSeqFromEvents1764300000000 } from './1764300000000-queue-tasks-seq-from-events';
import { TrainerRecordsByTenant1764400000000 } from './1764400000000-trainer-records-by-tenant';
import { QueueLeasesAndReversals1764500000000 } from './1764500000000-queue-leases-and-reversals';
import { ReadApi1764510000000 } from './1764510000000-read-api';
import { QueueRubrics1764520000000 } from './1764520000000-queue-rubrics';
import { ComparisonRubricAndComment1764530000000 } from './1764530000000-comparison-rubric-and-comment';
import { Redaction1764550000000 } from './1764550000000-redaction';
import { RoutedInteractions1764560000000 } from './1764560000000-routed-interactions';
import { InteractionObjectiveSurfaceLocale1764570000000 } from './1764570000000-interaction-objective-surface-locale';
import { DriftPerObjective1764570100000 } from './1764570100000-drift-per-objective';
import { ModelOutcomeAudits1764580000000 } from './1764580000000-model-outcome-audits';
import { Webhooks1764590000000 } from './1764590000000-webhooks';
import { ModelFamilies1764600000000 } from './1764600000000-model-families';
import { RaterKinds1764610000000 } from './1764610000000-rater-kinds';
import { IdempotencyClaimedEvent1764620000000 } from './1764620000000-idempotency-claimed-event';
import { AssignmentJudgments1796652591062 } from './1796652591062-assignment-judgments';

/** Every migration, oldest first. Listed by hand so the order is reviewed, not globbed. */
export const migrations = [
  ConsumerOffsets1763900000000,
  ApiKeysAndIdempotency1763900100000,
  EventStoreAndProjections1763900200000,
  DatasetBuilds1763900210000,
  SubjectKeys1763900220000,
  AnnotationQueues1763900300000,
  RetrainPolicies1763900400000,
  ModelRegistry1763900500000,
  InteractionsByRecordedAt1763900600000,
  IdempotencyClaims1763900700000,
  EventsByPersonalSubject1763900800000,
  WrappedSubjectKeys1764000000000,
  RecordsAsProjections1764200000000,
  QueueTasksSeqFromEvents1764300000000,
  TrainerRecordsByTenant1764400000000,
  QueueLeasesAndReversals1764500000000,
  ReadApi1764510000000,
  QueueRubrics1764520000000,
  ComparisonRubricAndComment1764530000000,
  Redaction1764550000000,
  RoutedInteractions1764560000000,
  InteractionObjectiveSurfaceLocale1764570000000,
  DriftPerObjective1764570100000,
  ModelOutcomeAudits1764580000000,
  Webhooks1764590000000,
  ModelFamilies1764600000000,
  RaterKinds1764610000000,
  IdempotencyClaimedEvent1764620000000,
  AssignmentJudgments1796652591062,
];
