import { HindsightError } from '@hindsight/contracts';
import { DEFAULT_GATE_THRESHOLDS } from '../gates/quality-gates';
import { readRetrainRecipe } from '../recipe/retrain-recipe';
import { readPerGroupSpec } from './per-group-spec';
import { raterGroupOf, UNKNOWN_GROUP } from './rater-group-of';

const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof HindsightError) return error.issues;
    throw error;
  }
  return [];
};

describe('perGroup', () => {
  it('reads a field and an optional minimum, and names every bad field', () => {
    expect(readPerGroupSpec(undefined)).toBeNull();
    expect(readPerGroupSpec({ field: 'region', minPairs: 200 })).toEqual({ field: 'region', minPairs: 200 });
    expect(issuesOf(() => readPerGroupSpec({ field: 'city', minPairs: 0, extra: 1 }))).toEqual([
      { path: 'perGroup.extra', rule: 'unknown field' },
      { path: 'perGroup.field', rule: 'must be one of group, language, region, expertise' },
      { path: 'perGroup.minPairs', rule: 'must be an integer >= 1' },
    ]);
  });

  it("is a retrain recipe's field, kept out of the dataset recipe", () => {
    const recipe = readRetrainRecipe({ perGroup: { field: 'group' }, split: { test: 0.3 } }, DEFAULT_GATE_THRESHOLDS);
    expect(recipe.perGroup).toEqual({ field: 'group' });
    expect(recipe.datasetRecipeFor('helpfulness')).not.toHaveProperty('perGroup');
    expect(issuesOf(() => readRetrainRecipe({ perGroup: { field: 'age' } }, DEFAULT_GATE_THRESHOLDS))).toEqual([
      { path: 'recipe.perGroup.field', rule: 'must be one of group, language, region, expertise' },
    ]);
  });

  it("puts a rater in a group by one profile field: the primary language is the first listed; no profile, 'unknown'", () => {
    const profile = { raterId: 'r1', expertise: 'expert', languages: ['de', 'en'], region: '150', group: 'g1' };
    expect(['group', 'language', 'region', 'expertise'].map((f) => raterGroupOf(profile, f as 'group'))).toEqual([
      'g1',
      'de',
      '150',
      'expert',
    ]);
    expect(raterGroupOf(undefined, 'group')).toBe(UNKNOWN_GROUP);
    expect(raterGroupOf({ ...profile, languages: [] }, 'language')).toBe(UNKNOWN_GROUP);
  });
});
