import { invalidInput } from '../agreement/invalid-input';

/**
 * Benjamini–Hochberg (1995) step-up adjusted p-values ("q-values"), as R's
 * `p.adjust(p, "BH")`: q(i) = min over j ≥ i of min(1, m·p(j)/j) in sorted order.
 * Rejecting every hypothesis with q ≤ α controls the false discovery rate at α.
 * Returned in the input order. O(m log m).
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03]); // [0.03, 0.04, 0.04]
 * @throws ValidationError when a p-value is not in [0, 1].
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw invalidInput('benjaminiHochberg', `pValues[${i}]`, 'must lie in [0, 1]');
  });
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => pValues[x] - pValues[y]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1];
    running = Math.min(running, (pValues[i] * m) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}
