/**
 * Whether a directed graph on nodes 0..n-1 is strongly connected: every node
 * reaches every other along the edges. Bradley–Terry maximum likelihood exists
 * exactly when the "i beat j at least once" graph is strongly connected (Ford 1957).
 *
 * @example
 * isStronglyConnected(2, [[0, 1], [1, 0]]); // true
 * isStronglyConnected(2, [[0, 1]]);         // false: nobody reaches 0 from 1
 * @throws never; an edge naming a node outside 0..n-1 is ignored.
 */
export function isStronglyConnected(n: number, edges: readonly (readonly [number, number])[]): boolean {
  if (n <= 1) return true;
  const forward: number[][] = Array.from({ length: n }, () => []);
  const backward: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of edges) {
    if (from < 0 || to < 0 || from >= n || to >= n) continue;
    forward[from].push(to);
    backward[to].push(from);
  }
  const reachesAll = (adjacency: number[][]): boolean => {
    const seen = new Array<boolean>(n).fill(false);
    const stack = [0];
    seen[0] = true;
    let count = 1;
    while (stack.length > 0) {
      const node = stack.pop() as number;
      for (const next of adjacency[node]) {
        if (!seen[next]) {
          seen[next] = true;
          count++;
          stack.push(next);
        }
      }
    }
    return count === n;
  };
  return reachesAll(forward) && reachesAll(backward);
}
