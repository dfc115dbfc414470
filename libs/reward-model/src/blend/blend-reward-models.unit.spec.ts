import { DEFAULT_FEATURE_CONFIG } from '../features/feature-config';
import type { RewardModel } from '../model/reward-model';
import { blendRewardModels } from './blend-reward-models';
import { relativeWeightDistance } from './weight-distance';

const training = {
  seed: 1,
  l2: 0,
  maxIterations: 1,
  gradientTolerance: 0,
  validationFraction: 0,
  trainingPairs: 0,
  validationPairs: 0,
  iterations: 0,
  converged: true,
  finalLoss: 0,
  validationLoss: null,
};
const model = (weights: number[]): RewardModel => ({
  featureConfig: { ...DEFAULT_FEATURE_CONFIG, dimension: 16 },
  training,
  weights: new Float64Array(weights),
});

describe('blendRewardModels', () => {
  const a = model([0.1, -3, 7e-9, 0, 0.3]);
  it('copies the member with all the weight bit for bit, and averages by normalised weights', () => {
    const x = model(Array.from({ length: a.weights.length }, (_, j) => j / 3));
    const y = model(Array.from({ length: a.weights.length }, (_, j) => -j));
    expect(
      Buffer.from(
        blendRewardModels([
          { model: x, weight: 1 },
          { model: y, weight: 0 },
        ]).weights.buffer,
      ),
    ).toEqual(Buffer.from(x.weights.buffer));
    const mid = blendRewardModels([
      { model: x, weight: 3 },
      { model: y, weight: 1 },
    ]).weights;
    expect(mid[3]).toBeCloseTo(0.75 * 1 + 0.25 * -3, 12);
  });

  it('refuses no members, negative weights, all-zero weights and mixed feature configurations', () => {
    expect(() => blendRewardModels([])).toThrow(/members/);
    expect(() => blendRewardModels([{ model: a, weight: -1 }])).toThrow(/members\[0\]\.weight/);
    expect(() => blendRewardModels([{ model: a, weight: 0 }])).toThrow(/weight above 0/);
    const other = { ...a, featureConfig: { ...a.featureConfig, charNgramSize: 4 } };
    expect(() =>
      blendRewardModels([
        { model: a, weight: 1 },
        { model: other, weight: 1 },
      ]),
    ).toThrow(/featureConfig/);
  });
});

describe('relativeWeightDistance', () => {
  it('is ‖a − b‖ / ‖b‖ (√10 / 5 for (3, 4) against (0, 5))', () => {
    expect(relativeWeightDistance(new Float64Array([3, 4]), new Float64Array([0, 5]))).toBeCloseTo(
      Math.sqrt(10) / 5,
      15,
    );
    expect(() => relativeWeightDistance(new Float64Array([1]), new Float64Array([0]))).toThrow(/all zeros/);
  });
});
