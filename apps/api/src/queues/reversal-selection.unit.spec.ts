import { reversedOrder, selectedForReversal } from './reversal-selection';

describe('selectedForReversal', () => {
  it('selects none at share 0 and all at share 1', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `asg-${i}`);
    expect(ids.filter((id) => selectedForReversal(id, 0))).toEqual([]);
    expect(ids.filter((id) => selectedForReversal(id, 1))).toEqual(ids);
  });

  it('selects close to the share over many assignments, and the same ones every time', () => {
    const ids = Array.from({ length: 20000 }, (_, i) => `asg-${i}`);
    const selected = ids.filter((id) => selectedForReversal(id, 0.1));
    // Binomial(20000, 0.1): sd = sqrt(20000 * 0.1 * 0.9) ≈ 42; 5 sd either side.
    expect(selected.length).toBeGreaterThan(2000 - 212);
    expect(selected.length).toBeLessThan(2000 + 212);
    expect(ids.filter((id) => selectedForReversal(id, 0.1))).toEqual(selected);
  });

  it('refuses a share outside [0, 1], naming the function', () => {
    expect(() => selectedForReversal('a', 1.5)).toThrow('selectedForReversal: share must be within [0, 1] (got 1.5)');
  });
});

describe('reversedOrder', () => {
  it('serves the first order backwards', () => {
    expect(reversedOrder(['b', 'a'])).toEqual(['a', 'b']);
    expect(reversedOrder(['c', 'a', 'b'])).toEqual(['b', 'a', 'c']);
  });
});
