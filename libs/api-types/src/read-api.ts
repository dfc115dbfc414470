/*
 * The JSON of the read API's lists, as the api answers it and the console reads it.
 * Types only: the browser bundle imports this lib too (type imports, erased at build).
 */

/** One page of a list: its items, newest first, and the cursor of the next page (null on the last). */
export interface ReadPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * One item of `GET /v1/drift`: a drift reading by the scheduler for a policy, and the run it triggered, if it did.
 * A reading of one objective names it (`objective`; `surface` null for its whole traffic); a reading recorded before
 * readings were per objective has `objective` null and is of the policy's `objectives` together.
 */
export interface DriftMeasurementItem {
  readonly eventId: string;
  readonly policyId: string;
  readonly objectives: readonly string[];
  readonly objective: string | null;
  readonly surface: string | null;
  /** The baseline: prompts trained on were recorded at or before it, deployed prompts after it. */
  readonly since: string;
  /** The sliding window's start: deployed prompts recorded after it (and after `since`); null on older readings. */
  readonly windowFrom: string | null;
  /** Word drift: Jensen–Shannon divergence in bits of the hashed word distributions (the trigger's scale). */
  readonly value: number;
  /** Jensen–Shannon divergence in bits of the binned prompt lengths; null when not known. */
  readonly lengthDrift: number | null;
  /** Jensen–Shannon divergence in bits of the primary languages; null when not known. */
  readonly localeMixDrift: number | null;
  /** Prompts compared on each side; null on older readings. */
  readonly samples: { readonly trainedOn: number; readonly deployed: number } | null;
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
