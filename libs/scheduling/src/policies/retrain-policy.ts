import { z } from 'zod';
import {
  findUnstorableStrings,
  formatZodIssues,
  id,
  JSON_NESTING_RULE,
  jsonValueTooDeep,
  MAX_JSON_NESTING_DEPTH,
  objective,
  positiveInt,
  slug,
  uniqueList,
  ValidationError,
  type FieldIssue,
} from '@hindsight/contracts';
import { canonicalTimeZone, cronOf } from '../cadence/cadence';
import { CATCH_UP_MODES, type CatchUpMode } from '../fire-times/missed-periods';

/** Largest inline recipe, as JSON text. */
export const MAX_INLINE_RECIPE_CHARS = 64 * 1024;

/**
 * The dataset recipe a policy retrains with: a reference to a published recipe
 * (`{ id, version }`), or the same plus the recipe document inline
 * (`{ id, version, inline: {...} }`). Either way `retrain.requested` names it by
 * `{ id, version }`; an inline document is kept with the policy and the run.
 */
export interface PolicyRecipe {
  readonly id: string;
  readonly version: number;
  readonly inline?: Readonly<Record<string, unknown>>;
}

/** What a person asks for when creating a policy, after validation. */
export interface RetrainPolicySpec {
  readonly name: string;
  /** As given: a shorthand (`quarterly`, `monthly`, `weekly`) or a five-field cron expression. */
  readonly cadence: string;
  /** Canonical IANA name. */
  readonly timezone: string;
  readonly objectives: readonly string[];
  readonly recipe: PolicyRecipe;
  readonly catchUp: CatchUpMode;
  /** Retrain early once at least this many comparisons arrived since the last retrain (null: off). */
  readonly minNewComparisons: number | null;
  /** Retrain early when the drift signal (prompt drift since the last retrain, in bits: 0 same, 1 no word in common) reaches this value (null: off). */
  readonly driftThreshold: number | null;
}

export type PolicyStatus = 'active' | 'paused';

/** A stored policy. */
export interface RetrainPolicy extends RetrainPolicySpec {
  readonly id: string;
  readonly tenant: string;
  readonly status: PolicyStatus;
  readonly createdAt: Date;
  readonly pausedAt: Date | null;
  /** Fires are computed from max(last fire, activeSince): periods that pass while paused are not caught up. */
  readonly activeSince: Date;
}

const recipeSchema = z.strictObject({
  id: slug(),
  version: positiveInt(),
  inline: z
    .record(z.string(), z.unknown())
    .superRefine((value, ctx) => {
      if (JSON.stringify(value).length > MAX_INLINE_RECIPE_CHARS) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${MAX_INLINE_RECIPE_CHARS} characters as JSON`,
          input: value,
        });
      }
    })
    .optional(),
});

/** What `validatePolicySpec` parses (before the cadence and time-zone checks); `/docs/openapi.json` is generated from it. */
export const retrainPolicySpecSchema = z.strictObject({
  name: id(),
  cadence: z.string(),
  timezone: z.string().default('UTC'),
  objectives: uniqueList(objective()),
  recipe: recipeSchema,
  catchUp: z.enum(CATCH_UP_MODES).default('latest-only'),
  minNewComparisons: positiveInt().nullable().default(null),
  // Jensen–Shannon divergence in bits lies in [0, 1]: a threshold above 1 could never fire.
  driftThreshold: z.number().positive().max(1).nullable().default(null),
});

/**
 * Validates a policy as a client sends it (JSON). Collects every broken rule,
 * each naming its field: `cadence: not a valid cron expression or shorthand`,
 * `timezone: unknown IANA time zone`, `objectives[1]: must be unique`, …
 * Defaults: `timezone` UTC, `catchUp` latest-only, no volume or drift trigger.
 *
 * @throws ValidationError with one issue per broken rule.
 */
export function validatePolicySpec(input: unknown): RetrainPolicySpec {
  refuseDeepNesting(input);
  const parsed = retrainPolicySpecSchema.safeParse(input, { reportInput: true });
  const issues: FieldIssue[] = [
    ...(parsed.success ? [] : formatZodIssues(parsed.error.issues)),
    ...findUnstorableStrings(input),
  ];
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  let cadence: string | undefined;
  let timezone: string | undefined;
  if (!issues.some((i) => i.path === 'cadence')) {
    try {
      cronOf(String(raw.cadence));
      cadence = String(raw.cadence).trim();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (!issues.some((i) => i.path === 'timezone')) {
    try {
      timezone = canonicalTimeZone(raw.timezone === undefined ? 'UTC' : String(raw.timezone));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0 || !parsed.success) throw new ValidationError(issues);
  const d = parsed.data;
  return {
    name: d.name,
    cadence: cadence!,
    timezone: timezone!,
    objectives: d.objectives,
    recipe:
      d.recipe.inline === undefined
        ? { id: d.recipe.id, version: d.recipe.version }
        : { id: d.recipe.id, version: d.recipe.version, inline: d.recipe.inline },
    catchUp: d.catchUp,
    minNewComparisons: d.minNewComparisons,
    driftThreshold: d.driftThreshold,
  };
}

/**
 * The inline recipe is free-form and goes through JSON.stringify, which recurses:
 * a value nested deeper than JSON bodies may be (a YAML file given to the CLI) is
 * refused first, naming its top-level field, instead of overflowing the stack.
 */
function refuseDeepNesting(input: unknown): void {
  if (typeof input !== 'object' || input === null || !jsonValueTooDeep(input)) return;
  const fields = Object.entries(input).filter(([, value]) => jsonValueTooDeep(value, MAX_JSON_NESTING_DEPTH - 1));
  throw new ValidationError(
    fields.length > 0
      ? fields.map(([field]) => ({ path: field, rule: JSON_NESTING_RULE }))
      : [{ path: '', rule: JSON_NESTING_RULE }],
  );
}
