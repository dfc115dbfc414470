import { isStronglyConnected } from './is-strongly-connected';

describe('isStronglyConnected', () => {
  it('accepts a directed cycle and a single node', () => {
    expect(isStronglyConnected(3, [[0, 1], [1, 2], [2, 0]])).toBe(true);
    expect(isStronglyConnected(1, [])).toBe(true);
  });

  it('rejects a chain, a sink and a disconnected graph', () => {
    expect(isStronglyConnected(3, [[0, 1], [1, 2]])).toBe(false);
    expect(isStronglyConnected(3, [[0, 1], [1, 0], [2, 0]])).toBe(false);
    expect(isStronglyConnected(4, [[0, 1], [1, 0], [2, 3], [3, 2]])).toBe(false);
  });
});
