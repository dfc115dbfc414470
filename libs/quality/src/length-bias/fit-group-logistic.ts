/**
 * Fits, for every group g at once, the logistic regression
 * P(y = 1) = σ(a_g + b_g·x) by Newton–Raphson with a small ridge penalty (so that
 * separable or constant groups stay finite). Each iteration is one linear pass over
 * the observations; returns the slopes, intercepts and the slopes' standard errors
 * (from the inverse penalised information).
 *
 * @example
 * fitGroupLogistic(Int32Array.of(0, 0, 0, 0), Float64Array.of(-1, -1, 1, 1), Uint8Array.of(0, 1, 1, 1), 1);
 * // slope[0] > 0: the larger x, the likelier y = 1
 * @throws never; observations with group < 0 are skipped.
 */
export function fitGroupLogistic(
  group: Int32Array,
  x: Float64Array,
  y: Uint8Array,
  groups: number,
  options: { iterations?: number; ridge?: number } = {},
): { intercept: Float64Array; slope: Float64Array; slopeSe: Float64Array } {
  const iterations = options.iterations ?? 8;
  const ridge = options.ridge ?? 1;
  const a = new Float64Array(groups);
  const b = new Float64Array(groups);
  const slopeSe = new Float64Array(groups);
  // per group: gradient (ga, gb) and information (haa, hab, hbb)
  const acc = new Float64Array(groups * 5);
  for (let it = 0; it <= iterations; it++) {
    acc.fill(0);
    for (let i = 0; i < group.length; i++) {
      const g = group[i];
      if (g < 0) continue;
      const xi = x[i];
      const p = 1 / (1 + Math.exp(-(a[g] + b[g] * xi)));
      const r = y[i] - p;
      const w = p * (1 - p);
      const o = g * 5;
      acc[o] += r;
      acc[o + 1] += r * xi;
      acc[o + 2] += w;
      acc[o + 3] += w * xi;
      acc[o + 4] += w * xi * xi;
    }
    for (let g = 0; g < groups; g++) {
      const o = g * 5;
      const ga = acc[o] - ridge * a[g];
      const gb = acc[o + 1] - ridge * b[g];
      const haa = acc[o + 2] + ridge;
      const hab = acc[o + 3];
      const hbb = acc[o + 4] + ridge;
      const det = haa * hbb - hab * hab;
      if (!(det > 0)) continue;
      slopeSe[g] = Math.sqrt(haa / det);
      if (it < iterations) {
        a[g] += (hbb * ga - hab * gb) / det;
        b[g] += (haa * gb - hab * ga) / det;
      }
    }
  }
  return { intercept: a, slope: b, slopeSe };
}
