/**
 * The plain input of the quality report: one pairwise judgment as the projector
 * reads it from a `comparison.recorded` event (the lead maps the event to this).
 * `shownOrder` is the order the rater saw; `choice` is a response id or 'tie'.
 */
export interface ComparisonRecord {
  /** the event id (or any unique id of the judgment) */
  readonly id: string;
  readonly taskId: string;
  readonly taskType: string;
  readonly objective: string;
  readonly raterId: string;
  /** the rater's opt-in group at the time of the judgment, if known (else taken from the profile) */
  readonly raterGroup?: string;
  readonly guidelineVersion?: string;
  readonly interfaceVersion?: string;
  readonly prompt: string;
  readonly responses: readonly [ComparisonResponse, ComparisonResponse];
  readonly shownOrder: readonly [string, string];
  readonly choice: string;
  /** ISO-8601 timestamp from the client */
  readonly occurredAt: string;
}

export interface ComparisonResponse {
  readonly id: string;
  readonly text: string;
  readonly modelVersion: string;
}

/** The answer 'tie' in `ComparisonRecord.choice`. */
export const TIE = 'tie';

export type Expertise = string;

/** A rater as described by the latest `rater.profiled` event. */
export interface RaterProfile {
  readonly raterId: string;
  /** e.g. 'novice' | 'intermediate' | 'expert' */
  readonly expertise: Expertise;
  /** languages the rater works in (BCP-47 primary tags such as 'en') */
  readonly languages: readonly string[];
  readonly region: string;
  readonly group: string;
  /** 'model' for an AI judge (measured in the report's `judges`, kept out of every human section); absent or 'human' for a person */
  readonly kind?: 'human' | 'model';
  readonly modelId?: string | null;
  readonly promptVersion?: string | null;
  readonly constitutionVersion?: string | null;
}

/**
 * The declared population the raters should represent: for each dimension, the
 * target share of each value. Expertise and region are single-valued (shares should
 * sum to 1); a language share is the target fraction of raters who work in it.
 */
export interface TargetProfile {
  readonly expertise?: Readonly<Record<string, number>>;
  readonly languages?: Readonly<Record<string, number>>;
  readonly region?: Readonly<Record<string, number>>;
}
