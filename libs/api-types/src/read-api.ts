/*
 * The JSON of the read API's lists, as the api answers it and the console reads it.
 * Types only: the browser bundle imports this lib too (type imports, erased at build).
 */

/** One page of a list: its items, newest first, and the cursor of the next page (null on the last). */
export interface ReadPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** One item of `GET /v1/drift`: a drift reading of a policy's objectives by the scheduler, and the run it triggered, if it did. */
export interface DriftMeasurementItem {
  readonly eventId: string;
  readonly policyId: string;
  readonly objectives: readonly string[];
  /** The baseline: prompts trained on were recorded at or before it, deployed prompts after it. */
  readonly since: string;
  readonly value: number;
  readonly threshold: number | null;
  readonly measure: string;
  readonly runId: string | null;
  readonly measuredAt: string;
}

/** One item of `GET /v1/dead-letters`: a message the projector could not apply. Its bytes are not shown: they may hold sealed personal data. */
export interface DeadLetterItem {
  readonly id: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly eventType: string | null;
  readonly reason: string;
  readonly createdAt: string;
  readonly replayedAt: string | null;
}

/** The drift measurement a drift-triggered run was requested on. */
export interface RunDrift {
  readonly value: number;
  readonly threshold: number | null;
  readonly measuredAt: string;
}

/** One item of `GET /v1/retrain-runs`: a retrain run whatever started it, with its trigger, gate report and failure reason. */
export interface RetrainRunItem {
  readonly runId: string;
  readonly status: string;
  /** scheduler (a policy fired), cli, api, or another source name. */
  readonly startedBy: string | null;
  readonly trigger: unknown;
  readonly asOf: string | null;
  readonly objectives: unknown;
  readonly recipe: unknown;
  readonly period: string | null;
  readonly requestedAt: string;
  readonly updatedAt: string;
  /** The trainer's state and gate report, when a trainer consumed the run. */
  readonly trainerState: string | null;
  readonly gateReport: unknown;
  /** Why it failed (stage and coded reasons), when it did. */
  readonly failure: unknown;
  readonly models: unknown;
  /** For a run a drift trigger requested: the drift value behind it. */
  readonly drift: RunDrift | null;
}

/** One item of `GET /v1/comparisons`. Erased: `erased` true and the personal fields (prompt, responses) null. */
export interface ComparisonItem {
  readonly annotationId: string;
  readonly taskId: string;
  readonly taskType: string;
  readonly objective: string;
  readonly raterId: string;
  readonly prompt: string | null;
  readonly responses: unknown;
  readonly shownOrder: unknown;
  readonly choice: unknown;
  readonly strength: number | null;
  readonly guidelineVersion: string;
  readonly interfaceVersion: string | null;
  readonly dwellTimeMs: number;
  readonly locale: string;
  /** Dimension id → score (`comparison.recorded` v2); `{}` when none was given (every v1 comparison) or the rater was erased. */
  readonly rubric: Readonly<Record<string, number>>;
  /** The rater's comment (`comparison.recorded` v2); null when none was given or the rater was erased. */
  readonly comment: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly correctedAt: string | null;
  readonly retractedAt: string | null;
  readonly erased: boolean;
}
