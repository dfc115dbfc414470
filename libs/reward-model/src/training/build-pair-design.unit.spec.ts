import { extractFeatures } from '../features/extract-features';
import { resolveFeatureConfig } from '../features/resolve-feature-config';
import { subtractSparse } from '../features/subtract-sparse';
import { generateSyntheticPreferences } from '../synthetic/generate-synthetic-preferences';
import { buildPairDesign } from './build-pair-design';

describe('buildPairDesign', () => {
  it('stores φ(chosen) − φ(rejected) per pair, as float32, with the pair weights', () => {
    const config = resolveFeatureConfig({ dimension: 2 ** 10 });
    const pairs = generateSyntheticPreferences(50, 1).pairs.map((pair, i) => ({ ...pair, weight: 1 + (i % 3) }));
    const design = buildPairDesign(pairs, config);
    expect(design.rowCount).toBe(50);
    expect(design.totalWeight).toBe(pairs.reduce((sum, pair) => sum + pair.weight, 0));
    const [block] = design.blocks;
    pairs.forEach((pair, r) => {
      const expected = subtractSparse(
        extractFeatures(pair.prompt, pair.chosen, config),
        extractFeatures(pair.prompt, pair.rejected, config),
      );
      const start = block.offsets[r];
      const end = block.offsets[r + 1];
      expect(Array.from(block.indices.subarray(start, end))).toEqual(Array.from(expected.indices));
      expect(Array.from(block.values.subarray(start, end))).toEqual(Array.from(Float32Array.from(expected.values)));
      expect(block.weights[r]).toBe(pair.weight);
    });
  });
});
