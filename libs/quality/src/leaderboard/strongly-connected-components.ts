/**
 * The strongly connected components of a directed graph on nodes 0..n-1: the
 * largest sets in which every node reaches every other along the edges. Each
 * component lists its nodes in ascending order; components come in the order of
 * their smallest node. Kosaraju's two passes, each with an explicit stack, so a
 * long chain cannot overflow the call stack.
 *
 * @example
 * stronglyConnectedComponents(4, [[0, 1], [1, 0], [1, 2], [3, 2]]); // [[0, 1], [2], [3]]
 * @throws never; an edge naming a node outside 0..n-1 is ignored.
 */
export function stronglyConnectedComponents(n: number, edges: readonly (readonly [number, number])[]): number[][] {
  const forward: number[][] = Array.from({ length: n }, () => []);
  const backward: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of edges) {
    if (from < 0 || to < 0 || from >= n || to >= n) continue;
    forward[from].push(to);
    backward[to].push(from);
  }

  // Pass 1: nodes in the order their depth-first search finishes.
  const finished: number[] = [];
  const seen = new Uint8Array(n);
  for (let start = 0; start < n; start++) {
    if (seen[start]) continue;
    seen[start] = 1;
    const stack: [number, number][] = [[start, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const next = forward[top[0]][top[1]++];
      if (next === undefined) {
        stack.pop();
        finished.push(top[0]);
      } else if (!seen[next]) {
        seen[next] = 1;
        stack.push([next, 0]);
      }
    }
  }

  // Pass 2: against the edges, latest-finished first; each search collects one component.
  const componentOf = new Int32Array(n).fill(-1);
  const components: number[][] = [];
  for (let k = n - 1; k >= 0; k--) {
    const root = finished[k];
    if (componentOf[root] >= 0) continue;
    const component: number[] = [];
    componentOf[root] = components.length;
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop() as number;
      component.push(node);
      for (const previous of backward[node]) {
        if (componentOf[previous] < 0) {
          componentOf[previous] = components.length;
          stack.push(previous);
        }
      }
    }
    components.push(component.sort((a, b) => a - b));
  }
  return components.sort((a, b) => a[0] - b[0]);
}
