import { ValidationError } from '@hindsight/contracts';
import { evaluateRewardModel } from '../evaluation/evaluate-reward-model';
import { scoreResponse } from '../scoring/score-response';
import { generateSyntheticPreferences } from '../synthetic/generate-synthetic-preferences';
import { trainRewardModel } from './train-reward-model';

const small = { dimension: 2 ** 14 };

describe('trainRewardModel', () => {
  const { pairs } = generateSyntheticPreferences(600, 5);

  it('gives identical weights for the same seed and options', () => {
    const options = { seed: 9, l2: 1e-3, maxIterations: 30, featureConfig: small, validationFraction: 0.2 };
    const a = trainRewardModel(pairs, options);
    const b = trainRewardModel(pairs, options);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect(a.training).toEqual(b.training);
    // The seed picks the validation split, so another seed trains on other pairs.
    const c = trainRewardModel(pairs, { ...options, seed: 10 });
    expect(Buffer.from(c.weights.buffer).equals(Buffer.from(a.weights.buffer))).toBe(false);
    expect(a.training.validationPairs).toBe(120);
    expect(a.training.validationLoss).not.toBeNull();
  });

  it('reports progress with a falling loss', () => {
    const losses: number[] = [];
    const model = trainRewardModel(pairs, {
      seed: 1,
      l2: 1e-3,
      maxIterations: 15,
      featureConfig: small,
      onProgress: (step, loss) => losses.push(step === losses.length + 1 ? loss : NaN),
    });
    expect(losses.length).toBe(model.training.iterations);
    expect(losses.length).toBeGreaterThan(1);
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThanOrEqual(losses[k - 1]);
    // The untrained model (w = 0) has loss ln 2 on every pair.
    expect(losses[0]).toBeLessThan(Math.LN2);
  });

  it('approaches the Bayes accuracy of the generator on held-out pairs', () => {
    const { pairs: all, latentMargins } = generateSyntheticPreferences(10_000, 2024);
    const train = all.slice(0, 8000);
    const test = all.slice(8000);
    // Bayes ceiling: the generator picks a with probability σ(q(a) − q(b)), so the best possible
    // ranker (higher latent q wins) is right with expected probability σ(|q(chosen) − q(rejected)|).
    // For this seed it is about 0.78 (computed here from the generator, not from the model).
    let ceiling = 0;
    for (let i = 8000; i < 10_000; i++) ceiling += 1 / (1 + Math.exp(-Math.abs(latentMargins[i])));
    ceiling /= test.length;

    const model = trainRewardModel(train, {
      seed: 3,
      l2: 1e-3,
      maxIterations: 100,
      featureConfig: { dimension: 2 ** 16 },
    });
    const heldOut = evaluateRewardModel(model, test);
    expect(heldOut.count).toBe(2000);
    expect(heldOut.pairwiseAccuracy).toBeGreaterThanOrEqual(0.9 * ceiling);
    expect(heldOut.pairwiseAccuracy).toBeGreaterThan(0.6);
    // A good word should now out-score a bad one in the same place.
    expect(scoreResponse(model, 'Tell me about rivers.', 'verified answer.')).toBeGreaterThan(
      scoreResponse(model, 'Tell me about rivers.', 'dunno answer.'),
    );
  });

  it('rejects an empty training set, a non-finite l2 and a bad weight', () => {
    const options = { seed: 1, l2: 1e-3, maxIterations: 10 };
    expect(() => trainRewardModel([], options)).toThrow(ValidationError);
    expect(() => trainRewardModel(pairs, { ...options, l2: Number.NaN })).toThrow(/options\.l2/);
    expect(() => trainRewardModel(pairs, { ...options, l2: Infinity })).toThrow(ValidationError);
    expect(() => trainRewardModel(pairs, { ...options, maxIterations: 0 })).toThrow(/options\.maxIterations/);
    expect(() => trainRewardModel([{ ...pairs[0], weight: -1 }], options)).toThrow(/pairs\[0\]\.weight/);
    expect(() => trainRewardModel([{ ...pairs[0], weight: 0 }], options)).toThrow(/total weight/);
    expect(() => trainRewardModel(pairs, { ...options, featureConfig: { dimension: 3 } })).toThrow(
      /featureConfig\.dimension/,
    );
  });
});
