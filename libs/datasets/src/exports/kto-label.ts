/**
 * The KTO label of a rating: its mean score scaled to 0..1 on its scale is
 * desirable (true) at or above `desirableAtLeast`, undesirable (false) below
 * `undesirableBelow`, and gives no row in between.
 * @example ratingKtoLabel({ overall: 6 }, { min: 1, max: 7 }, { ratingDesirableAtLeast: 0.5, ratingUndesirableBelow: 0.5 }) // true
 * @throws Error when the scale is empty or inverted, or there are no scores.
 */
export function ratingKtoLabel(
  scores: Readonly<Record<string, number>>,
  scale: { readonly min: number; readonly max: number },
  thresholds: { readonly ratingDesirableAtLeast: number; readonly ratingUndesirableBelow: number },
): boolean | null {
  const values = Object.values(scores);
  if (values.length === 0) throw new Error('ratingKtoLabel: a rating needs at least one score');
  if (!(scale.max > scale.min)) throw new Error(`ratingKtoLabel: scale ${scale.min}..${scale.max} must have max > min`);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const scaled = (mean - scale.min) / (scale.max - scale.min);
  if (scaled >= thresholds.ratingDesirableAtLeast) return true;
  if (scaled < thresholds.ratingUndesirableBelow) return false;
  return null;
}

/**
 * The KTO label of an outcome: `success` when it has one; else its `value`
 * against the recipe's threshold for the outcome (≥ is desirable); else none.
 * @example outcomeKtoLabel({ outcome: 'latency-ms', value: 120 }, { 'latency-ms': 100 }) // true
 */
export function outcomeKtoLabel(
  outcome: { readonly outcome: string; readonly success?: boolean; readonly value?: number },
  valueThresholds: Readonly<Record<string, number>>,
): boolean | null {
  if (outcome.success !== undefined) return outcome.success;
  const threshold = valueThresholds[outcome.outcome];
  if (outcome.value === undefined || threshold === undefined) return null;
  return outcome.value >= threshold;
}
