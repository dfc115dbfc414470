import type { ComparisonRecord, RaterProfile } from '../report/comparison-record';

/** What the simulator planted in a rater. */
export type PlantedBehaviour = 'none' | 'position-bias' | 'length-bias' | 'spammer' | 'group-conflict';

export interface SimulationOptions {
  /** number of raters; default 200 */
  readonly raters?: number;
  /** number of comparison records; default 50 000 */
  readonly comparisons?: number;
  /** default 7 */
  readonly seed?: number;
  /** shares of raters with each planted behaviour; defaults 0.1, 0.1, 0.05, 0.05 */
  readonly positionBiased?: number;
  readonly lengthBiased?: number;
  readonly spammers?: number;
  readonly groupConflict?: number;
  /** model versions compared; default four versions */
  readonly modelVersions?: readonly string[];
  /** true latent strengths, one per model version; default evenly spaced 0.35 apart in a seeded random order */
  readonly modelStrengths?: readonly number[];
  /** ISO-8601 bounds of `occurredAt`; default the first quarter of 2026 */
  readonly start?: string;
  readonly end?: string;
  /** raters per ordinary task; default 3 */
  readonly overlap?: number;
  /** share of tasks handed out in both orders (alternating per rater); default 0.25 */
  readonly bothOrdersShare?: number;
  /** share of tasks one rater sees again in the opposite order; default 0.03 */
  readonly repeatShare?: number;
  /** share of comparisons on audit tasks rated by `auditPerGroup` raters of every group; default 0.1 */
  readonly auditShare?: number;
  readonly auditPerGroup?: number;
  /** share of tasks on which the conflict group reverses its preference; default 0.2 */
  readonly contestedShare?: number;
  /** extra probability with which a biased rater follows the bias, drawn per rater in this range; default [0.3, 0.5] */
  readonly biasStrength?: readonly [number, number];
  /**
   * Group conflict by task type: every rater joins one of the two groups (a fair
   * seeded coin, in place of the opt-in cohorts), and on the contested task types
   * the second group's raters reverse their preference (they prefer what the
   * first group rejects); elsewhere both groups judge alike.
   */
  readonly opposedGroups?: OpposedGroups;
}

export interface OpposedGroups {
  readonly groups: readonly [string, string];
  /** Task types of `SIMULATED_TASK_TYPES` (coding, writing, advice, math, chat). */
  readonly contestedTaskTypes: readonly string[];
}

export interface SimulationTruth {
  readonly raters: Record<string, PlantedBehaviour>;
  readonly models: Record<string, number>;
  /** the group whose raters reverse on contested tasks */
  readonly conflictGroup: string;
  readonly contestedTasks: string[];
  /** The opposed groups and their contested task types, when planted. */
  readonly opposedGroups?: OpposedGroups;
}

export interface SimulatedPopulation {
  readonly raters: RaterProfile[];
  readonly comparisons: ComparisonRecord[];
  readonly truth: SimulationTruth;
}
