import { ValidationError } from '@hindsight/contracts';
import { normaliseRecipe, parseRecipeYaml } from './dataset-recipe';

describe('dataset recipe', () => {
  it('fills in defaults', () => {
    expect(normaliseRecipe({})).toEqual({
      objectives: [],
      window: {},
      recencyHalfLifeDays: null,
      groupWeights: {},
      minRaterAgreement: null,
      orderDisagreement: 'weight',
      deduplicate: true,
      split: { validation: 0.1, test: 0.1 },
      outputs: ['preference'],
      fileFormat: 'jsonl',
      keyNames: 'trl',
      raterColumns: { id: false, profile: false },
      correctionsObjective: null,
      judges: { include: [], minKappa: 0.6 },
      kto: { ratingDesirableAtLeast: 0.5, ratingUndesirableBelow: 0.5, outcomeValueThresholds: {} },
    });
  });

  it("takes judges as a list of rater ids or 'qualified' with a kappa threshold, and names the field at fault", () => {
    expect(normaliseRecipe({ judges: { include: 'qualified' } }).judges).toEqual({
      include: 'qualified',
      minKappa: 0.6,
    });
    expect(normaliseRecipe({ judges: { include: ['judge-a'], minKappa: 0.7 } }).judges).toEqual({
      include: ['judge-a'],
      minKappa: 0.7,
    });
    const rules = (input: unknown) => {
      try {
        normaliseRecipe(input);
      } catch (error) {
        return (error as ValidationError).issues.map((i) => `${i.path}: ${i.rule}`);
      }
      return [];
    };
    expect(rules({ judges: { include: 'all' } })).toEqual([
      "judges.include: must be a list of judge rater ids or 'qualified'",
    ]);
    expect(rules({ judges: { minKappa: 1.5 } })).toEqual(['judges.minKappa: must be between -1 and 1']);
    expect(rules({ judges: { include: [], threshold: 0.6 } })).toEqual(['judges.threshold: unknown field']);
  });

  it('chooses outputs, in a fixed order, and refuses unknown ones and crossed KTO thresholds naming the field', () => {
    expect(normaliseRecipe({ outputs: ['kto', 'preference', 'corrections'] }).outputs).toEqual([
      'preference',
      'kto',
      'corrections',
    ]);
    expect(() => normaliseRecipe({ outputs: ['dpo'] })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'outputs[0]' })] }) as Error,
    );
    expect(() => normaliseRecipe({ outputs: [] })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'outputs' })] }) as Error,
    );
    expect(() => normaliseRecipe({ kto: { ratingDesirableAtLeast: 0.4, ratingUndesirableBelow: 0.6 } })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: 'kto.ratingUndesirableBelow' })] }) as Error,
    );
  });

  it('reads YAML', () => {
    const recipe = parseRecipeYaml(
      'objectives: [helpfulness]\nrecencyHalfLifeDays: 90\norderDisagreement: drop\ngroupWeights: { experts: 2 }\n',
    );
    expect(recipe).toMatchObject({
      objectives: ['helpfulness'],
      recencyHalfLifeDays: 90,
      orderDisagreement: 'drop',
      groupWeights: { experts: 2 },
    });
  });

  it.each([
    ['orderDisagreement: sometimes', 'orderDisagreement'],
    ['split: { test: 0.9 }', 'split.test'],
    ['window: { from: yesterday }', 'window.from'],
    ['minRaterAgreement: 2', 'minRaterAgreement'],
    ['colour: blue', 'colour'],
  ])('rejects %s naming %s', (yaml, path) => {
    try {
      parseRecipeYaml(yaml);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
    }
  });

  it('reports YAML syntax errors on the recipe', () => {
    expect(() => parseRecipeYaml('objectives: [')).toThrow(/recipe: must be valid YAML/);
  });
});
