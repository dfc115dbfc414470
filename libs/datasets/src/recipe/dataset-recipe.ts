import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatZodIssues, ValidationError } from '@hindsight/contracts';

/**
 * What a build can write. `preference`: today's TRL-ready pairs with id and weight
 * (train/validation/test.jsonl); `trl-preference`: TRL's standard preference rows
 * (prompt, chosen, rejected); `trl-conversational`: the same as lists of
 * {role, content}; `kto`: TRL's unpaired preference rows (prompt, completion, label)
 * from thumbs, outcomes and ratings; `corrections`: pairs from user corrections
 * (corrected response chosen over the original); `ratings`: one row per rubric dimension.
 */
export const DATASET_OUTPUTS = [
  'preference',
  'trl-preference',
  'trl-conversational',
  'kto',
  'corrections',
  'ratings',
] as const;
export type DatasetOutput = (typeof DATASET_OUTPUTS)[number];

const JUDGES_INCLUDE_RULE = "must be a list of judge rater ids or 'qualified'";

const isoInstant = z.iso.datetime({ error: 'must be an ISO-8601 UTC instant such as 2026-09-30T23:59:59Z' });

/**
 * How a training set is cut from history. Every field has a default; the
 * normalised recipe (defaults filled in) is written into the manifest, so a
 * build can be repeated exactly.
 */
export const datasetRecipeSchema = z.strictObject({
  /** Objectives to include; empty means every objective. */
  objectives: z
    .array(z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, { error: 'must be an objective slug' }))
    .default([]),
  /** Only comparisons whose occurredAt lies in [from, to). */
  window: z.strictObject({ from: isoInstant.optional(), to: isoInstant.optional() }).default({}),
  /** Weight halves every this many days of age (asOf − occurredAt); null for no recency weighting. */
  recencyHalfLifeDays: z.number().positive({ error: 'must be a positive number of days' }).nullable().default(null),
  /** Weight per rater group (rater.profiled optInGroup, or "unprofiled"); groups not named weigh 1; weight 0 drops a group. */
  groupWeights: z.record(z.string(), z.number().min(0, { error: 'must be ≥ 0' })).default({}),
  /** Drop raters whose agreement with the other raters of the same tasks is below this (0..1); null keeps all. */
  minRaterAgreement: z.number().min(0).max(1, { error: 'must be between 0 and 1' }).nullable().default(null),
  /** A pair shown in both orders whose preferences disagree: keep, weight (×0.5) or drop. */
  orderDisagreement: z
    .enum(['keep', 'weight', 'drop'], { error: 'must be one of: keep, weight, drop' })
    .default('weight'),
  /** Keep one copy of identical (prompt, chosen, rejected) pairs within a task. */
  deduplicate: z.boolean().default(true),
  /** Shares of tasks in the validation and test splits (by a stable hash of the task id). */
  split: z
    .strictObject({
      validation: z.number().min(0).max(0.5).default(0.1),
      test: z.number().min(0).max(0.5).default(0.1),
    })
    .default({ validation: 0.1, test: 0.1 }),
  /**
   * Which files the build writes (see DATASET_OUTPUTS): `preference` is today's
   * train/validation/test.jsonl (what the trainer reads); the others are exports
   * for outside trainers, written as `<output>.<split>.<fileFormat>`.
   */
  outputs: z
    .array(z.enum(DATASET_OUTPUTS, { error: `must be one of: ${DATASET_OUTPUTS.join(', ')}` }))
    .min(1)
    .default(['preference'])
    .transform((outputs) => DATASET_OUTPUTS.filter((o) => outputs.includes(o))),
  /** File format of the exports (the `preference` output stays JSON Lines: the trainer reads it). */
  fileFormat: z.enum(['jsonl', 'parquet'], { error: 'must be one of: jsonl, parquet' }).default('jsonl'),
  /** Column names of the exports: TRL's (`prompt`/`completion`/`label`) or OpenRLHF's defaults (`input`/`output`/`label` for KTO). */
  keyNames: z.enum(['trl', 'openrlhf'], { error: 'must be one of: trl, openrlhf' }).default('trl'),
  /** Extra columns in the exports so a trainer can weight by group: `rater_id` (hashed), `rater_group` and `rater_region`. Off by default. */
  raterColumns: z
    .strictObject({ id: z.boolean().default(false), profile: z.boolean().default(false) })
    .default({ id: false, profile: false }),
  /** User corrections (feedback kind correction) as pairs in the `preference` output of this objective (corrected response preferred); null keeps them out of it. */
  correctionsObjective: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, { error: 'must be an objective slug' })
    .nullable()
    .default(null),
  /**
   * Whether AI judges' comparisons (raters profiled with kind model) become pairs. Never by
   * default (`include: []`); `include` lists judge rater ids, or `qualified` for every judge;
   * either way a judge is admitted only when its Cohen's kappa against human consensus on the
   * tasks both rated, as of T, is at least `minKappa`.
   */
  judges: z
    .strictObject({
      include: z
        .union(
          [
            // a string that is not 'qualified' gets the rule, not zod's "must be one of: qualified"
            z
              .string({ error: JUDGES_INCLUDE_RULE })
              .refine((v): v is 'qualified' => v === 'qualified', { error: JUDGES_INCLUDE_RULE }),
            z.array(z.string().min(1, { error: 'must be a rater id' }), { error: JUDGES_INCLUDE_RULE }).max(1000),
          ],
          { error: JUDGES_INCLUDE_RULE },
        )
        .default([]),
      minKappa: z
        .number({ error: 'must be a number between -1 and 1' })
        .min(-1, { error: 'must be between -1 and 1' })
        .max(1, { error: 'must be between -1 and 1' })
        .default(0.6),
    })
    .default({ include: [], minKappa: 0.6 }),
  /** How ratings and measured outcomes become KTO labels. */
  kto: z
    .strictObject({
      /** A rating whose mean score, scaled to 0..1 on its scale, is ≥ this is desirable (label true). */
      ratingDesirableAtLeast: z.number().min(0).max(1, { error: 'must be between 0 and 1' }).default(0.5),
      /** … and < this undesirable (label false); in between, no row. */
      ratingUndesirableBelow: z.number().min(0).max(1, { error: 'must be between 0 and 1' }).default(0.5),
      /** Per outcome slug: a `value` ≥ threshold is desirable, below undesirable (outcomes with `success` use it; others without a threshold give no row). */
      outcomeValueThresholds: z.record(z.string(), z.number()).default({}),
    })
    .default({ ratingDesirableAtLeast: 0.5, ratingUndesirableBelow: 0.5, outcomeValueThresholds: {} })
    .refine((k) => k.ratingUndesirableBelow <= k.ratingDesirableAtLeast, {
      error: 'ratingUndesirableBelow must be ≤ ratingDesirableAtLeast',
      path: ['ratingUndesirableBelow'],
    }),
});

export type DatasetRecipe = z.output<typeof datasetRecipeSchema>;

/**
 * Validates a recipe (already parsed from YAML or JSON) and fills in defaults.
 * @throws ValidationError naming each bad field (`split.test: ...`).
 */
export function normaliseRecipe(input: unknown): DatasetRecipe {
  const result = datasetRecipeSchema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(formatZodIssues(result.error.issues));
  return result.data;
}

/** Parses recipe YAML text; a YAML syntax error is a ValidationError on `recipe`. */
export function parseRecipeYaml(text: string): DatasetRecipe {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ValidationError([
      {
        path: 'recipe',
        rule: `must be valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      },
    ]);
  }
  return normaliseRecipe(value);
}
