import { invalidInput } from '../agreement/invalid-input';
import { benjaminiHochberg } from '../distributions/benjamini-hochberg';
import { normalCdf } from '../distributions/normal-cdf';
import type { Consensus } from '../report/compute-consensus';
import { CHOSE_FIRST, CHOSE_TIE, type ComparisonIndex } from '../report/comparison-index';
import { excessRateTests, type ExcessRateRow } from './excess-rate-tests';
import { fitGroupLogistic } from './fit-group-logistic';
import { medianRate } from './median-rate';
import { SURFACE_FEATURES, type SurfaceFeatureName } from './surface-features';

export interface LengthBiasOptions {
  /** false-discovery rate of the per-rater tests; default 0.05 */
  readonly alpha?: number;
  /** a length difference counts when |L1 − L2| / max(L1, L2) ≥ this; default 0.1 */
  readonly minRelativeDifference?: number;
  /** flag when the longer-wins rate exceeds the baseline by at least this; default 0.1 */
  readonly minExcess?: number;
  /** flag a surface feature when its win rate exceeds the baseline by at least this; default 0.15 */
  readonly minSurfaceExcess?: number;
  /** groups with fewer usable judgments are reported but never flagged; default 20 */
  readonly minDecided?: number;
  /** with a consensus, a rater is flagged when the consensus-relative gap exceeds the median rater's by ≥ this (and significantly); default 0.15 */
  readonly minConsensusEffect?: number;
}

/**
 * Length preference measured against the other raters of the same tasks: how often
 * the rater agrees with the consensus when the consensus prefers the longer response,
 * versus when it prefers the shorter. An unbiased rater agrees equally often; a rater
 * who takes the longer response with extra probability u shows a gap of about u.
 */
export interface ConsensusLengthTest {
  readonly longerPreferred: { readonly n: number; readonly agreed: number };
  readonly shorterPreferred: { readonly n: number; readonly agreed: number };
  /** agreement rate when the consensus prefers the longer minus when it prefers the shorter */
  readonly effect: number | null;
  /** effect minus the median effect of all testable raters (the honest gap, since a consensus that prefers the shorter is more often wrong) */
  readonly excess: number | null;
  /** two-sided z-test of excess = 0 (unpooled standard error of the two rates) */
  readonly pValue: number;
  readonly qValue: number | null;
}

export interface RaterLengthRow extends ExcessRateRow {
  /** present when a consensus was given; then `flagged` is decided by it rather than by the raw rate */
  readonly consensusTest: ConsensusLengthTest | null;
  /** logistic slope of "first shown wins" on the standardised log length ratio (first / second), with its standard error */
  readonly lengthCoefficient: number;
  readonly lengthCoefficientSe: number;
}

export interface SurfaceFeatureResult {
  readonly feature: SurfaceFeatureName;
  readonly baseline: number;
  readonly byObjective: ExcessRateRow[];
  readonly byRater: ExcessRateRow[];
}

export interface LengthBiasResult {
  /** the median over raters of the longer-wins rate: what honest raters do given how length and quality correlate */
  readonly baseline: number;
  /** rows named by objective / rater; `rate` is the longer-wins rate, tested against the baseline (objectives against 0.5) */
  readonly byObjective: ExcessRateRow[];
  readonly byRater: RaterLengthRow[];
  readonly surface: SurfaceFeatureResult[];
  /** codes of raters flagged for length bias (favouring the longer response) */
  readonly flaggedRaters: Set<number>;
  /** codes of raters flagged for a surface-feature bias */
  readonly surfaceFlaggedRaters: Set<number>;
}

/**
 * Length and surface bias. Over decided judgments whose two responses differ in
 * length by at least `minRelativeDifference`, the rate at which the longer one
 * wins, per objective (tested against 0.5) and per rater (tested against the median
 * rater, so that a genuine length–quality correlation is not mistaken for bias),
 * with exact binomial tests and Benjamini–Hochberg correction, plus a per-rater
 * logistic slope on the standardised log length ratio. Likewise for surface
 * features (pleasantries, list formatting) over judgments where exactly one response
 * has the feature. Linear in the number of comparisons.
 *
 * @example
 * const r = detectLengthBias(indexComparisons(records));
 * r.byRater.filter((x) => x.flagged); // raters who favour the longer response
 * @throws ValidationError when an option is out of range.
 */
export function detectLengthBias(
  index: ComparisonIndex,
  options: LengthBiasOptions = {},
  consensus?: Consensus,
): LengthBiasResult {
  const fn = 'detectLengthBias';
  const alpha = options.alpha ?? 0.05;
  const minRelative = options.minRelativeDifference ?? 0.1;
  const minExcess = options.minExcess ?? 0.1;
  const minSurfaceExcess = options.minSurfaceExcess ?? 0.15;
  const minN = options.minDecided ?? 20;
  const minConsensusEffect = options.minConsensusEffect ?? 0.15;
  if (!(minConsensusEffect > 0 && minConsensusEffect < 1))
    throw invalidInput(fn, 'options.minConsensusEffect', 'must lie strictly between 0 and 1');
  if (!(alpha > 0 && alpha < 1)) throw invalidInput(fn, 'options.alpha', 'must lie strictly between 0 and 1');
  if (!(minRelative >= 0 && minRelative < 1))
    throw invalidInput(fn, 'options.minRelativeDifference', 'must lie in [0, 1)');
  if (!(minExcess > 0 && minExcess < 1))
    throw invalidInput(fn, 'options.minExcess', 'must lie strictly between 0 and 1');
  if (!(minSurfaceExcess > 0 && minSurfaceExcess < 1))
    throw invalidInput(fn, 'options.minSurfaceExcess', 'must lie strictly between 0 and 1');
  if (!Number.isInteger(minN) || minN < 1) throw invalidInput(fn, 'options.minDecided', 'must be a positive integer');

  const nRaters = index.raters.length;
  const nObjectives = index.objectives.length;
  const raterWins = new Int32Array(nRaters);
  const raterTotals = new Int32Array(nRaters);
  const objectiveWins = new Int32Array(nObjectives);
  const objectiveTotals = new Int32Array(nObjectives);
  // per rater: [n, agreed] when the consensus prefers the longer, then the shorter
  const conditional = new Int32Array(nRaters * 4);
  const features = SURFACE_FEATURES.map(() => ({
    raterWins: new Int32Array(nRaters),
    raterTotals: new Int32Array(nRaters),
    objectiveWins: new Int32Array(nObjectives),
    objectiveTotals: new Int32Array(nObjectives),
  }));
  // logistic regression inputs: first-wins on log length ratio, decided judgments only
  const logisticGroup = new Int32Array(index.size).fill(-1);
  const logRatio = new Float64Array(index.size);
  const firstWon = new Uint8Array(index.size);
  let sum = 0;
  let sumSquares = 0;
  let count = 0;

  for (let i = 0; i < index.size; i++) {
    const c = index.choice[i];
    if (c === CHOSE_TIE) continue;
    const r = index.rater[i];
    const o = index.objective[i];
    const l1 = index.firstLength[i];
    const l2 = index.secondLength[i];
    const first = c === CHOSE_FIRST;
    const ratio = Math.log((l1 + 1) / (l2 + 1));
    logisticGroup[i] = r;
    logRatio[i] = ratio;
    firstWon[i] = first ? 1 : 0;
    sum += ratio;
    sumSquares += ratio * ratio;
    count++;
    const longest = Math.max(l1, l2);
    if (longest > 0 && Math.abs(l1 - l2) / longest >= minRelative) {
      const longerWon = first === l1 > l2 ? 1 : 0;
      raterTotals[r]++;
      raterWins[r] += longerWon;
      objectiveTotals[o]++;
      objectiveWins[o] += longerWon;
      const cons = consensus?.consensus[i] ?? -1;
      if (cons >= 0) {
        // canonical A is shown first when firstIsA; is the consensus' choice the longer one?
        const consensusFirst = (cons === 0) === (index.firstIsA[i] === 1);
        const slot = r * 4 + (consensusFirst === l1 > l2 ? 0 : 2);
        conditional[slot]++;
        if (consensusFirst === first) conditional[slot + 1]++;
      }
    }
    const s1 = index.firstSurface[i];
    const s2 = index.secondSurface[i];
    if (s1 !== s2) {
      for (let f = 0; f < SURFACE_FEATURES.length; f++) {
        const bit = SURFACE_FEATURES[f].bit;
        const h1 = (s1 & bit) !== 0;
        if (h1 === ((s2 & bit) !== 0)) continue;
        const won = h1 === first ? 1 : 0;
        const acc = features[f];
        acc.raterTotals[r]++;
        acc.raterWins[r] += won;
        acc.objectiveTotals[o]++;
        acc.objectiveWins[o] += won;
      }
    }
  }

  const mean = count > 0 ? sum / count : 0;
  const sd = count > 1 ? Math.sqrt(Math.max(1e-12, sumSquares / count - mean * mean)) : 1;
  for (let i = 0; i < index.size; i++) if (logisticGroup[i] >= 0) logRatio[i] = (logRatio[i] - mean) / sd;
  const logistic = fitGroupLogistic(logisticGroup, logRatio, firstWon, nRaters);

  const baseline = medianRate(raterWins, raterTotals, minN);
  const testOptions = { alpha, minExcess, minN };
  const raterRows = excessRateTests(index.raters, raterWins, raterTotals, baseline, testOptions);
  const conditionalTests = consensus ? consensusTests(conditional, nRaters, minN) : null;
  const flaggedRaters = new Set<number>();
  const byRater = raterRows.map((row, r): RaterLengthRow => {
    const consensusTest = conditionalTests ? conditionalTests[r] : null;
    const flagged = consensusTest
      ? consensusTest.qValue !== null &&
        consensusTest.qValue <= alpha &&
        (consensusTest.excess ?? 0) >= minConsensusEffect
      : row.flagged && row.favours === 'feature';
    if (flagged) flaggedRaters.add(r);
    return {
      ...row,
      flagged,
      favours: flagged ? 'feature' : null,
      consensusTest,
      lengthCoefficient: logistic.slope[r],
      lengthCoefficientSe: logistic.slopeSe[r],
    };
  });

  const surfaceFlaggedRaters = new Set<number>();
  const surface = SURFACE_FEATURES.map((feature, f): SurfaceFeatureResult => {
    const acc = features[f];
    const featureBaseline = medianRate(acc.raterWins, acc.raterTotals, minN);
    const rows = excessRateTests(index.raters, acc.raterWins, acc.raterTotals, featureBaseline, {
      alpha,
      minExcess: minSurfaceExcess,
      minN,
    });
    rows.forEach((row, r) => row.flagged && row.favours === 'feature' && surfaceFlaggedRaters.add(r));
    return {
      feature: feature.name,
      baseline: featureBaseline,
      byObjective: excessRateTests(index.objectives, acc.objectiveWins, acc.objectiveTotals, 0.5, {
        alpha,
        minExcess: minSurfaceExcess,
        minN,
      }),
      byRater: rows,
    };
  });

  return {
    baseline,
    byObjective: excessRateTests(index.objectives, objectiveWins, objectiveTotals, 0.5, testOptions),
    byRater,
    surface,
    flaggedRaters,
    surfaceFlaggedRaters,
  };
}

function consensusTests(conditional: Int32Array, nRaters: number, minN: number): ConsensusLengthTest[] {
  const half = Math.max(1, Math.floor(minN / 2));
  const base = Array.from({ length: nRaters }, (_, r) => {
    const nL = conditional[r * 4];
    const aL = conditional[r * 4 + 1];
    const nS = conditional[r * 4 + 2];
    const aS = conditional[r * 4 + 3];
    const pL = nL > 0 ? aL / nL : 0;
    const pS = nS > 0 ? aS / nS : 0;
    const testable = nL >= half && nS >= half;
    // a half-count continuity guard keeps the standard error positive for 0% / 100% rates
    const variance = (Math.max(pL * (1 - pL), 0.5 / nL) / nL || 0) + (Math.max(pS * (1 - pS), 0.5 / nS) / nS || 0);
    return { nL, aL, nS, aS, effect: nL > 0 && nS > 0 ? pL - pS : null, testable, se: Math.sqrt(variance) };
  });
  const effects = base
    .filter((b) => b.testable && b.effect !== null)
    .map((b) => b.effect as number)
    .sort((x, y) => x - y);
  const mid = effects.length >> 1;
  const median = effects.length === 0 ? 0 : effects.length % 2 ? effects[mid] : (effects[mid - 1] + effects[mid]) / 2;
  const pValues = base.map((b) => {
    if (!b.testable || b.effect === null || !(b.se > 0)) return 1;
    return Math.min(1, 2 * normalCdf(-Math.abs((b.effect - median) / b.se)));
  });
  const tested = base.map((b, r) => (b.testable ? r : -1)).filter((r) => r >= 0);
  const adjusted = benjaminiHochberg(tested.map((r) => pValues[r]));
  const q = new Map(tested.map((r, k) => [r, adjusted[k]]));
  return base.map((b, r) => ({
    longerPreferred: { n: b.nL, agreed: b.aL },
    shorterPreferred: { n: b.nS, agreed: b.aS },
    effect: b.effect,
    excess: b.effect === null ? null : b.effect - median,
    pValue: pValues[r],
    qValue: q.get(r) ?? null,
  }));
}
