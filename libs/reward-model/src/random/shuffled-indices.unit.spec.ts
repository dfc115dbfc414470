import { mulberry32 } from './mulberry32';
import { shuffledIndices } from './shuffled-indices';

describe('shuffledIndices', () => {
  it('is a permutation, reproducible for a seed', () => {
    const order = shuffledIndices(1000, mulberry32(3));
    expect(Array.from(order).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, mulberry32(3))).toEqual(order);
    expect(shuffledIndices(1000, mulberry32(4))).not.toEqual(order);
  });
});
