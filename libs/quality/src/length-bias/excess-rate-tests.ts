import { benjaminiHochberg } from '../distributions/benjamini-hochberg';
import { binomialTest } from '../distributions/binomial-test';
import { wilsonInterval } from '../distributions/wilson-interval';

export interface ExcessRateRow {
  readonly name: string;
  /** judgments where the feature could matter (decided, feature on exactly one side) */
  readonly n: number;
  /** …of which the response with the feature (the longer one) won */
  readonly wins: number;
  readonly rate: number | null;
  readonly ci: [number, number] | null;
  /** exact two-sided binomial test against the baseline rate */
  readonly pValue: number;
  /** Benjamini–Hochberg adjusted over the rows with n ≥ minN; null for the others */
  readonly qValue: number | null;
  readonly flagged: boolean;
  readonly favours: 'feature' | 'other' | null;
}

/**
 * Tests each group's win rate of a feature (longer text, a pleasantry, a list)
 * against a baseline rate with exact binomial tests and a Benjamini–Hochberg
 * correction; a group is flagged when q ≤ alpha and |rate − baseline| ≥ minExcess.
 *
 * @example
 * excessRateTests(['r1', 'r2'], Int32Array.of(80, 50), Int32Array.of(100, 100), 0.5, { alpha: 0.05, minExcess: 0.1, minN: 20 });
 * // r1 flagged (rate 0.8), r2 not
 * @throws ValidationError (from binomialTest) when a count is inconsistent.
 */
export function excessRateTests(
  names: readonly string[],
  wins: Int32Array,
  totals: Int32Array,
  baseline: number,
  options: { alpha: number; minExcess: number; minN: number },
): ExcessRateRow[] {
  const p0 = Math.min(1 - 1e-9, Math.max(1e-9, baseline));
  const pValues = names.map((_, g) => binomialTest(wins[g], totals[g], p0));
  const tested = names.map((_, g) => (totals[g] >= options.minN ? g : -1)).filter((g) => g >= 0);
  const adjusted = benjaminiHochberg(tested.map((g) => pValues[g]));
  const q = new Map(tested.map((g, k) => [g, adjusted[k]]));
  return names.map((name, g) => {
    const n = totals[g];
    const rate = n > 0 ? wins[g] / n : null;
    const qValue = q.get(g) ?? null;
    const excess = rate === null ? 0 : rate - baseline;
    const favours = excess >= options.minExcess ? 'feature' : excess <= -options.minExcess ? 'other' : null;
    const flagged = qValue !== null && qValue <= options.alpha && favours !== null;
    return {
      name,
      n,
      wins: wins[g],
      rate,
      ci: n > 0 ? wilsonInterval(wins[g], n) : null,
      pValue: pValues[g],
      qValue,
      flagged,
      favours: flagged ? favours : null,
    };
  });
}
