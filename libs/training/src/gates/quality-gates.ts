import { ValidationError, type FieldIssue } from '@hindsight/contracts';

/** The thresholds of the quality gates a run must pass before anything is trained. */
export interface GateThresholds {
  /** Fewest dataset pairs (all splits) per objective; default 50. */
  readonly minPairs: number;
  /** Largest share of an objective's comparisons made by raters the quality report flags with one of `flaggedKinds`; default 0.3. */
  readonly maxFlaggedShare: number;
  /** Smallest pooled Fleiss' kappa over the task types where it is computable; default 0.2 ("fair"). */
  readonly minAgreement: number;
  /** Rater flags that count against the share; default spammer and position-bias. */
  readonly flaggedKinds: readonly string[];
  /** Outcome gate (off when absent): the smallest overall outcome AUC a new model may have to be registered. */
  readonly minOutcomeAuc?: number;
  /** Outcome gate (off when absent or false): refuse a model whose outcome AUC is lower than its parent's (the difference's interval below 0). */
  readonly outcomeNotWorseThanParent?: boolean;
}

export const DEFAULT_GATE_THRESHOLDS: GateThresholds = {
  minPairs: 50,
  maxFlaggedShare: 0.3,
  minAgreement: 0.2,
  flaggedKinds: ['spammer', 'position-bias'],
};

export interface GateInput {
  readonly objectives: readonly string[];
  /** Pairs in each objective's dataset build. */
  readonly pairsByObjective: Readonly<Record<string, number>>;
  /** Every as-of comparison of the requested objectives: who judged, for which objective. */
  readonly judgments: readonly { readonly objective: string; readonly raterId: string }[];
  /** The quality report's flags per rater. */
  readonly raterFlags: ReadonlyMap<string, readonly string[]>;
  /** The quality report's agreement by task type. */
  readonly agreement: readonly {
    readonly taskType: string;
    readonly judgments: number;
    readonly kappa: number | null;
  }[];
}

export interface GateReason {
  readonly code: 'too-few-examples' | 'flagged-raters-above-threshold' | 'agreement-below-threshold';
  readonly message: string;
}

export interface GateOutcome {
  readonly passed: boolean;
  readonly reasons: GateReason[];
  readonly thresholds: GateThresholds;
  readonly byObjective: Record<
    string,
    {
      readonly pairs: number;
      readonly comparisons: number;
      readonly flaggedComparisons: number;
      readonly flaggedShare: number | null;
    }
  >;
  /** Fleiss' kappa pooled over task types, weighted by judgments; null when no task had two judgments. */
  readonly pooledKappa: number | null;
}

/**
 * Decides whether a run may train. Three gates, each reason naming the objective
 * and the numbers: too few pairs for an objective; too large a share of an
 * objective's comparisons from flagged raters; pooled agreement below the
 * minimum (skipped when not computable). Pure.
 * @example evaluateQualityGates(input, DEFAULT_GATE_THRESHOLDS).reasons.map((r) => r.code) // ['too-few-examples']
 * @throws never for valid thresholds (see `resolveGateThresholds`).
 */
export function evaluateQualityGates(input: GateInput, thresholds: GateThresholds): GateOutcome {
  const flagged = new Set<string>();
  for (const [rater, flags] of input.raterFlags)
    if (flags.some((f) => thresholds.flaggedKinds.includes(f))) flagged.add(rater);
  const byObjective: GateOutcome['byObjective'] = {};
  for (const objective of input.objectives)
    byObjective[objective] = {
      pairs: input.pairsByObjective[objective] ?? 0,
      comparisons: 0,
      flaggedComparisons: 0,
      flaggedShare: null,
    };
  const counts = new Map(input.objectives.map((o) => [o, { all: 0, flagged: 0 }]));
  for (const j of input.judgments) {
    const c = counts.get(j.objective);
    if (!c) continue;
    c.all++;
    if (flagged.has(j.raterId)) c.flagged++;
  }
  const reasons: GateReason[] = [];
  for (const objective of input.objectives) {
    const c = counts.get(objective)!;
    const pairs = input.pairsByObjective[objective] ?? 0;
    const share = c.all === 0 ? null : c.flagged / c.all;
    byObjective[objective] = { pairs, comparisons: c.all, flaggedComparisons: c.flagged, flaggedShare: share };
    if (pairs < thresholds.minPairs) {
      reasons.push({
        code: 'too-few-examples',
        message: `objective ${objective}: ${pairs} pairs, fewer than the minimum of ${thresholds.minPairs}`,
      });
    }
    if (share !== null && share > thresholds.maxFlaggedShare) {
      reasons.push({
        code: 'flagged-raters-above-threshold',
        message: `objective ${objective}: ${c.flagged} of ${c.all} comparisons (${percent(share)}) come from raters flagged ${thresholds.flaggedKinds.join(' or ')}, above the maximum of ${percent(thresholds.maxFlaggedShare)}`,
      });
    }
  }
  let weighted = 0;
  let weight = 0;
  for (const a of input.agreement) {
    if (a.kappa === null || !Number.isFinite(a.kappa) || a.judgments <= 0) continue;
    weighted += a.kappa * a.judgments;
    weight += a.judgments;
  }
  const pooledKappa = weight === 0 ? null : weighted / weight;
  if (pooledKappa !== null && pooledKappa < thresholds.minAgreement) {
    reasons.push({
      code: 'agreement-below-threshold',
      message: `pooled Fleiss' kappa ${pooledKappa.toFixed(3)} over the task types is below the minimum of ${thresholds.minAgreement}`,
    });
  }
  return { passed: reasons.length === 0, reasons, thresholds, byObjective, pooledKappa };
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Environment variables of the gate defaults, with their defaults. */
export const GATE_VARIABLES = {
  TRAINER_GATE_MIN_PAIRS: {
    default: String(DEFAULT_GATE_THRESHOLDS.minPairs),
    meaning: 'fewest dataset pairs per objective a retrain needs',
  },
  TRAINER_GATE_MAX_FLAGGED_SHARE: {
    default: String(DEFAULT_GATE_THRESHOLDS.maxFlaggedShare),
    meaning: "largest share of an objective's comparisons from raters flagged spammer or position-bias",
  },
  TRAINER_GATE_MIN_AGREEMENT: {
    default: String(DEFAULT_GATE_THRESHOLDS.minAgreement),
    meaning: "smallest pooled Fleiss' kappa over task types (skipped when not computable)",
  },
} as const;

/**
 * Thresholds from a base (the environment's) overridden by a recipe's `gates`
 * object (`{ minPairs, maxFlaggedShare, minAgreement, flaggedKinds, minOutcomeAuc, outcomeNotWorseThanParent }`, each optional).
 * @throws ValidationError naming `gates.<field>` for a bad value or an unknown field.
 */
export function resolveGateThresholds(base: GateThresholds, overrides: unknown, path = 'gates'): GateThresholds {
  if (overrides === undefined || overrides === null) return base;
  if (typeof overrides !== 'object' || Array.isArray(overrides))
    throw new ValidationError([{ path, rule: 'must be an object' }]);
  const o = overrides as Record<string, unknown>;
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(o))
    if (
      ![
        'minPairs',
        'maxFlaggedShare',
        'minAgreement',
        'flaggedKinds',
        'minOutcomeAuc',
        'outcomeNotWorseThanParent',
      ].includes(key)
    )
      issues.push({ path: `${path}.${key}`, rule: 'unknown field' });
  const num = (key: string, ok: (v: number) => boolean, rule: string): number | undefined => {
    if (o[key] === undefined) return undefined;
    if (typeof o[key] !== 'number' || !ok(o[key] as number)) {
      issues.push({ path: `${path}.${key}`, rule });
      return undefined;
    }
    return o[key] as number;
  };
  const minPairs = num('minPairs', (v) => Number.isInteger(v) && v >= 1, 'must be an integer >= 1');
  const maxFlaggedShare = num('maxFlaggedShare', (v) => v >= 0 && v <= 1, 'must be a share between 0 and 1');
  const minAgreement = num('minAgreement', (v) => v >= -1 && v <= 1, 'must be a kappa between -1 and 1');
  const minOutcomeAuc = num('minOutcomeAuc', (v) => v >= 0 && v <= 1, 'must be an AUC between 0 and 1');
  if (o.outcomeNotWorseThanParent !== undefined && typeof o.outcomeNotWorseThanParent !== 'boolean')
    issues.push({ path: `${path}.outcomeNotWorseThanParent`, rule: 'must be true or false' });
  let flaggedKinds: string[] | undefined;
  if (o.flaggedKinds !== undefined) {
    if (!Array.isArray(o.flaggedKinds) || !o.flaggedKinds.every((k) => typeof k === 'string'))
      issues.push({ path: `${path}.flaggedKinds`, rule: 'must be a list of rater flags' });
    else flaggedKinds = o.flaggedKinds as string[];
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    minPairs: minPairs ?? base.minPairs,
    maxFlaggedShare: maxFlaggedShare ?? base.maxFlaggedShare,
    minAgreement: minAgreement ?? base.minAgreement,
    flaggedKinds: flaggedKinds ?? base.flaggedKinds,
    ...optional('minOutcomeAuc', minOutcomeAuc ?? base.minOutcomeAuc),
    ...optional(
      'outcomeNotWorseThanParent',
      (o.outcomeNotWorseThanParent as boolean | undefined) ?? base.outcomeNotWorseThanParent,
    ),
  };
}

/** `{ [key]: value }`, or nothing when the value is absent (an outcome gate that is off stays out of the thresholds). */
const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  value === undefined ? {} : ({ [key]: value } as Record<K, V>);

/**
 * The environment's gate thresholds.
 * @throws ValidationError naming the variable.
 */
export function gateThresholdsFromEnv(env: Readonly<Record<string, string | undefined>>): GateThresholds {
  const raw = (name: keyof typeof GATE_VARIABLES) => env[name]?.trim() || undefined;
  const parsed: Record<string, unknown> = {};
  const fields = {
    TRAINER_GATE_MIN_PAIRS: 'minPairs',
    TRAINER_GATE_MAX_FLAGGED_SHARE: 'maxFlaggedShare',
    TRAINER_GATE_MIN_AGREEMENT: 'minAgreement',
  } as const;
  for (const [name, field] of Object.entries(fields) as [keyof typeof GATE_VARIABLES, string][]) {
    const value = raw(name);
    if (value !== undefined) parsed[field] = Number(value);
  }
  try {
    return resolveGateThresholds(DEFAULT_GATE_THRESHOLDS, parsed, 'env');
  } catch (error) {
    const issues = (error as ValidationError).issues.map((i) => {
      const field = i.path.slice(4);
      const variable = Object.entries(fields).find(([, f]) => f === field)?.[0] ?? i.path;
      return { path: variable, rule: i.rule };
    });
    throw new ValidationError(issues);
  }
}
