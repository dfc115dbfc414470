import { ValidationError } from '@hindsight/contracts';
import { DEFAULT_GATE_THRESHOLDS } from '../gates/quality-gates';
import { readRetrainRecipe, retrainRecipeIssues } from './retrain-recipe';

describe('retrain recipe documents (a dataset recipe plus gates)', () => {
  it('reads gates over the defaults and builds each objective its own dataset recipe', () => {
    const recipe = readRetrainRecipe(
      { split: { validation: 0, test: 0.25 }, gates: { minPairs: 100 }, objectives: ['ignored'] },
      DEFAULT_GATE_THRESHOLDS,
    );
    expect(recipe.gates).toEqual({ ...DEFAULT_GATE_THRESHOLDS, minPairs: 100 });
    expect(recipe.datasetRecipeFor('honesty')).toMatchObject({
      objectives: ['honesty'],
      split: { validation: 0, test: 0.25 },
      orderDisagreement: 'weight',
    });
  });

  it("a policy recipe chooses the exports of a retrain; the trainer's own preference pairs are always built", () => {
    const recipe = readRetrainRecipe(
      { outputs: ['kto', 'corrections'], correctionsObjective: 'helpfulness', fileFormat: 'parquet' },
      DEFAULT_GATE_THRESHOLDS,
    );
    expect(recipe.datasetRecipeFor('helpfulness')).toMatchObject({
      outputs: ['preference', 'kto', 'corrections'],
      correctionsObjective: 'helpfulness',
      fileFormat: 'parquet',
    });
    expect(readRetrainRecipe({}, DEFAULT_GATE_THRESHOLDS).datasetRecipeFor('honesty').outputs).toEqual(['preference']);
    expect(retrainRecipeIssues({ outputs: ['dpo'] })).toEqual([expect.objectContaining({ path: 'recipe.outputs[0]' })]);
  });

  it('names every bad field of both parts under the given path', () => {
    expect(
      retrainRecipeIssues(
        { split: { test: 0.9 }, weights: {}, gates: { minPairs: 0, colour: 'red' } },
        'recipe.inline',
      ),
    ).toEqual([
      { path: 'recipe.inline.gates.colour', rule: 'unknown field' },
      { path: 'recipe.inline.gates.minPairs', rule: 'must be an integer >= 1' },
      { path: 'recipe.inline.split.test', rule: 'must be <= 0.5' },
      { path: 'recipe.inline.weights', rule: 'unknown field' },
    ]);
    expect(() => readRetrainRecipe({ gates: 'strict' }, DEFAULT_GATE_THRESHOLDS)).toThrow(ValidationError);
  });

  it('finds nothing wrong with an empty document (every default)', () => {
    expect(retrainRecipeIssues({})).toEqual([]);
  });
});
