import { HindsightError, ValidationError, type FieldIssue } from '@hindsight/contracts';
import { normaliseRecipe, type DatasetRecipe } from '@hindsight/datasets';
import { DEFAULT_GATE_THRESHOLDS, resolveGateThresholds, type GateThresholds } from '../gates/quality-gates';
import { readPerGroupSpec, type PerGroupSpec } from '../groups/per-group-spec';

/**
 * A retrain recipe document (a policy's inline recipe): the dataset recipe's
 * fields plus an optional `gates` object overriding the trainer's gate thresholds
 * and an optional `perGroup` (`{field, minPairs?}`: train per rater group too).
 * The trainer builds one dataset per objective, so the document's own
 * `objectives` are replaced by the run's, and its `outputs` always include
 * `preference` (what the trainer trains on).
 */
export interface RetrainRecipe {
  readonly gates: GateThresholds;
  /** Train one model per rater group besides the pooled one; null: the pooled model only. */
  readonly perGroup: PerGroupSpec | null;
  /** The dataset recipe for one objective. */
  readonly datasetRecipeFor: (objective: string) => DatasetRecipe;
}

/**
 * Reads a retrain recipe document against the trainer's gate defaults.
 * @throws ValidationError naming every bad field under `path` (`recipe.gates.minPairs: …`, `recipe.split.test: …`).
 */
export function readRetrainRecipe(
  document: Readonly<Record<string, unknown>>,
  gateDefaults: GateThresholds,
  path = 'recipe',
): RetrainRecipe {
  const { gates: gateDocument, perGroup: perGroupDocument, ...datasetDocument } = document;
  const issues: FieldIssue[] = [];
  let gates = gateDefaults;
  let perGroup: PerGroupSpec | null = null;
  try {
    perGroup = readPerGroupSpec(perGroupDocument, `${path}.perGroup`);
  } catch (error) {
    issues.push(...validationIssues(error));
  }
  try {
    gates = resolveGateThresholds(gateDefaults, gateDocument, `${path}.gates`);
  } catch (error) {
    issues.push(...validationIssues(error));
  }
  try {
    normaliseRecipe({ ...datasetDocument, objectives: [] });
  } catch (error) {
    issues.push(
      ...validationIssues(error).map((i) => ({ path: i.path === '' ? path : `${path}.${i.path}`, rule: i.rule })),
    );
  }
  if (issues.length > 0) throw new ValidationError(issues);
  // The trainer trains on the `preference` output: a retrain always writes it, next to the exports the recipe names.
  const outputs = ['preference', ...((datasetDocument.outputs as string[] | undefined) ?? [])];
  return {
    gates,
    perGroup,
    datasetRecipeFor: (objective) => normaliseRecipe({ ...datasetDocument, objectives: [objective], outputs }),
  };
}

/** The issues of a retrain recipe document, checked against the default gates (structure only): none when it is valid. */
export function retrainRecipeIssues(
  document: Readonly<Record<string, unknown>>,
  path = 'recipe',
): readonly FieldIssue[] {
  try {
    readRetrainRecipe(document, DEFAULT_GATE_THRESHOLDS, path);
    return [];
  } catch (error) {
    return validationIssues(error);
  }
}

function validationIssues(error: unknown): readonly FieldIssue[] {
  if (error instanceof HindsightError && error.code === 'validation') return error.issues;
  throw error;
}
