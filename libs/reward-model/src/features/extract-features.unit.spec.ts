import { DEFAULT_FEATURE_CONFIG, LENGTH_FEATURE_NAMES } from './feature-config';
import { extractFeatures } from './extract-features';
import { resolveFeatureConfig } from './resolve-feature-config';
import { subtractSparse } from './subtract-sparse';
import { sparseDot } from './sparse-dot';
import { wordSpans } from './word-spans';
import { ValidationError } from '@hindsight/contracts';

const config = DEFAULT_FEATURE_CONFIG;
const D = config.dimension;

function dense(vector: { indices: Int32Array; values: Float64Array }): Map<number, number> {
  return new Map(Array.from(vector.indices, (index, k) => [index, vector.values[k]]));
}

describe('extractFeatures', () => {
  it('is deterministic and returns strictly increasing indices', () => {
    const a = extractFeatures('Explain sorting', 'Sorting puts items in order.\n- quick\n- merge', config);
    const b = extractFeatures('Explain sorting', 'Sorting puts items in order.\n- quick\n- merge', config);
    expect(a.indices).toEqual(b.indices);
    expect(a.values).toEqual(b.values);
    for (let k = 1; k < a.indices.length; k++) expect(a.indices[k]).toBeGreaterThan(a.indices[k - 1]);
    expect(a.indices[a.indices.length - 1]).toBeLessThan(D + LENGTH_FEATURE_NAMES.length);
  });

  it('computes the length features by hand', () => {
    // 'Use sort.\n- a\n- b': 17 characters, 4 words (use, sort, a, b), 3 lines, 2 list lines;
    // distinct words {use, sort, a, b}, of which only "sort" is in the prompt → overlap 1/4.
    const v = dense(extractFeatures('How do I sort?', 'Use sort.\n- a\n- b', config));
    expect(v.get(D)).toBeCloseTo(Math.log(18), 12);
    expect(v.get(D + 1)).toBeCloseTo(Math.log(5), 12);
    expect(v.get(D + 2)).toBeCloseTo(Math.log(4), 12);
    expect(v.get(D + 3)).toBeCloseTo(Math.log(3), 12);
    expect(v.get(D + 4)).toBeCloseTo(0.25, 12);
  });

  it('scales each hashed family to unit norm', () => {
    // Unigrams only, no char n-grams, no interactions: a single family whose squared values sum to 1.
    const small = resolveFeatureConfig({ wordNgramMax: 1, charNgramSize: 0, promptInteractions: false });
    const v = extractFeatures('', 'one two two three three three', small);
    let squares = 0;
    for (let k = 0; k < v.indices.length; k++) if (v.indices[k] < D) squares += v.values[k] ** 2;
    expect(squares).toBeCloseTo(1, 12);
    // Counts 1, 2, 3 over norm sqrt(14): the largest magnitude is 3/sqrt(14).
    const magnitudes = Array.from(
      v.values.filter((_, k) => v.indices[k] < D),
      Math.abs,
    ).sort();
    expect(magnitudes[magnitudes.length - 1]).toBeCloseTo(3 / Math.sqrt(14), 12);
  });

  it('is case-insensitive for n-grams and handles empty text', () => {
    const a = extractFeatures('', 'Hello World', config);
    const b = extractFeatures('', 'hello world', config);
    expect(a.indices).toEqual(b.indices);
    expect(extractFeatures('', '', config).indices.length).toBe(0);
  });

  it('depends on the prompt only through interactions and overlap', () => {
    const without = resolveFeatureConfig({ promptInteractions: false });
    const a = dense(extractFeatures('tell me about cats', 'cats are great', without));
    const b = dense(extractFeatures('something unrelated', 'cats are great', without));
    a.delete(D + 4);
    b.delete(D + 4);
    expect(a).toEqual(b);
    const withInteractions = extractFeatures('tell me about cats', 'cats are great', config);
    expect(withInteractions.indices.length).toBeGreaterThan(
      extractFeatures('zzz', 'cats are great', config).indices.length,
    );
  });
});

describe('sparse helpers', () => {
  it('subtracts and dots', () => {
    const a = { indices: Int32Array.of(1, 3, 5), values: Float64Array.of(2, 1, 4) };
    const b = { indices: Int32Array.of(0, 3), values: Float64Array.of(1, 1) };
    const d = subtractSparse(a, b);
    expect(Array.from(d.indices)).toEqual([0, 1, 5]);
    expect(Array.from(d.values)).toEqual([-1, 2, 4]);
    expect(sparseDot(Float64Array.of(1, 1, 0, 0, 0, 0.5), d)).toBe(3);
  });

  it('finds words with inner apostrophes', () => {
    expect(wordSpans("Don't stop, 2 go")).toEqual([0, 5, 6, 10, 12, 13, 14, 16]);
  });
});

describe('resolveFeatureConfig', () => {
  it('rejects a dimension that is not a power of two', () => {
    expect(() => resolveFeatureConfig({ dimension: 1000 })).toThrow(ValidationError);
    expect(() => resolveFeatureConfig({ dimension: 1000 })).toThrow(/featureConfig.dimension/);
  });
});
