import { stronglyConnectedComponents } from './strongly-connected-components';

describe('stronglyConnectedComponents', () => {
  it('finds one component in a cycle, and single nodes in a chain', () => {
    expect(
      stronglyConnectedComponents(3, [
        [0, 1],
        [1, 2],
        [2, 0],
      ]),
    ).toEqual([[0, 1, 2]]);
    expect(
      stronglyConnectedComponents(3, [
        [0, 1],
        [1, 2],
      ]),
    ).toEqual([[0], [1], [2]]);
    expect(stronglyConnectedComponents(0, [])).toEqual([]);
  });

  it('separates two cycles joined one way, and a node that only ever points in', () => {
    // 0⇄1 → 2⇄3, and 4 → 0
    expect(
      stronglyConnectedComponents(5, [
        [0, 1],
        [1, 0],
        [1, 2],
        [2, 3],
        [3, 2],
        [4, 0],
      ]),
    ).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('keeps isolated nodes and ignores edges outside the graph', () => {
    expect(
      stronglyConnectedComponents(3, [
        [0, 1],
        [1, 0],
        [5, 1],
        [-1, 2],
      ]),
    ).toEqual([[0, 1], [2]]);
  });

  it('agrees with mutual reachability (transitive closure) on every graph of 4 nodes with up to 5 of the 12 edges', () => {
    const all: [number, number][] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (i !== j) all.push([i, j]);
    let checked = 0;
    for (let mask = 0; mask < 1 << all.length; mask++) {
      const edges = all.filter((_, k) => mask & (1 << k));
      if (edges.length > 5) continue;
      const reach = Array.from({ length: 4 }, (_, i) =>
        Array.from({ length: 4 }, (_, j) => i === j || edges.some(([a, b]) => a === i && b === j)),
      );
      for (let k = 0; k < 4; k++)
        for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (reach[i][k] && reach[k][j]) reach[i][j] = true;
      const expected: number[][] = [];
      for (let i = 0; i < 4; i++)
        if (!expected.some((c) => c.includes(i))) expected.push([0, 1, 2, 3].filter((j) => reach[i][j] && reach[j][i]));
      expect(stronglyConnectedComponents(4, edges)).toEqual(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('walks a chain of 200,000 nodes without overflowing the stack', () => {
    const n = 200_000;
    const edges = Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]);
    expect(stronglyConnectedComponents(n, [...edges, [n - 1, 0]])).toHaveLength(1);
    expect(stronglyConnectedComponents(n, edges)).toHaveLength(n);
  });
});
