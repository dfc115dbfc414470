import { invalidInput } from '../agreement/invalid-input';
import { wilsonInterval } from '../distributions/wilson-interval';
import { CHOSE_FIRST, CHOSE_TIE, type ComparisonIndex } from './comparison-index';
import type { Consensus } from './compute-consensus';

export interface SpammerOptions {
  /** a rater whose most frequent answer (first / second / tie) is at least this share answers "constantly"; default 0.95 */
  readonly maxDominantShare?: number;
  /** a rater answers "at random" when no kind of answer they give (the first shown, the second shown, the shorter) agrees with the consensus credibly more than this: every lower 95% Wilson bound stays below it; default 0.58 */
  readonly minPrecision?: number;
  /** raters with fewer judgments are not judged, answer kinds with fewer judgments are ignored; default 20 */
  readonly minComparisons?: number;
  /** …and when the lower 95% Wilson bound of their overall agreement is below this; default 0.52 */
  readonly maxAgreementLowerBound?: number;
  /** a length difference counts when |L1 − L2| / max(L1, L2) ≥ this; default 0.1 */
  readonly minRelativeDifference?: number;
}

export interface RaterConsensusRow {
  readonly rater: string;
  readonly comparisons: number;
  readonly dominantAnswer: 'first' | 'second' | 'tie';
  readonly dominantShare: number;
  /** decided judgments for which the other raters of the task reached a (weighted) consensus */
  readonly withConsensus: number;
  /** share of those that agree with the leave-one-out consensus; null when none */
  readonly agreement: number | null;
  readonly agreementCi: [number, number] | null;
  /** the best lower Wilson bound of agreement over the kinds of answer (first shown, second shown, shorter) */
  readonly bestPrecisionLowerBound: number | null;
  /** reliability weight of the rater in the consensus */
  readonly weight: number;
  readonly spammer: boolean;
  readonly kind: 'constant' | 'random' | null;
}

export interface SpammerResult {
  readonly byRater: RaterConsensusRow[];
  readonly flaggedRaters: Set<number>;
}

/**
 * Spammer detection against the leave-one-out consensus. A rater is a spammer when
 * they answer near-constantly (one of first / second / tie in at least
 * `maxDominantShare` of their judgments), or at random: their agreement with the
 * other raters is hardly above chance (lower 95% Wilson bound < `maxAgreementLowerBound`)
 * and no kind of pick — the first shown, the second shown, the shorter response — is
 * credibly informed (every lower Wilson bound < `minPrecision`). For a random
 * answerer each of these agrees at most half the time (the order is randomised, and
 * consensus leans to longer responses), whereas a biased rater's picks against
 * their bias (a position-biased rater's second picks, a length-biased rater's
 * shorter picks) are as informed as anyone's. Linear.
 *
 * @example
 * const buckets = groupByTask(index);
 * detectSpammers(index, computeConsensus(index, buckets)).byRater.filter((r) => r.spammer);
 * @throws ValidationError when an option is out of range.
 */
export function detectSpammers(
  index: ComparisonIndex,
  consensus: Consensus,
  options: SpammerOptions = {},
): SpammerResult {
  const fn = 'detectSpammers';
  const maxShare = options.maxDominantShare ?? 0.95;
  const minPrecision = options.minPrecision ?? 0.58;
  const minN = options.minComparisons ?? 20;
  const maxLower = options.maxAgreementLowerBound ?? 0.52;
  const minRelative = options.minRelativeDifference ?? 0.1;
  if (!(maxLower > 0 && maxLower < 1))
    throw invalidInput(fn, 'options.maxAgreementLowerBound', 'must lie strictly between 0 and 1');
  if (!(minRelative >= 0 && minRelative < 1))
    throw invalidInput(fn, 'options.minRelativeDifference', 'must lie in [0, 1)');
  if (!(maxShare > 0.5 && maxShare <= 1)) throw invalidInput(fn, 'options.maxDominantShare', 'must lie in (0.5, 1]');
  if (!(minPrecision > 0 && minPrecision < 1))
    throw invalidInput(fn, 'options.minPrecision', 'must lie strictly between 0 and 1');
  if (!Number.isInteger(minN) || minN < 1)
    throw invalidInput(fn, 'options.minComparisons', 'must be a positive integer');

  const nRaters = index.raters.length;
  const answers = new Int32Array(nRaters * 3);
  // per rater and kind of pick (first shown, second shown, shorter): judged, agreed
  const kinds = new Int32Array(nRaters * 6);
  for (let i = 0; i < index.size; i++) {
    const c = index.choice[i];
    const r = index.rater[i];
    answers[r * 3 + (c === CHOSE_FIRST ? 0 : c === CHOSE_TIE ? 2 : 1)]++;
    const cons = consensus.consensus[i];
    if (c === CHOSE_TIE || cons < 0) continue;
    const agree = cons === consensus.chosen[i] ? 1 : 0;
    const slot = r * 6 + (c === CHOSE_FIRST ? 0 : 2);
    kinds[slot]++;
    kinds[slot + 1] += agree;
    const l1 = index.firstLength[i];
    const l2 = index.secondLength[i];
    const longest = Math.max(l1, l2);
    if (longest > 0 && Math.abs(l1 - l2) / longest >= minRelative && (c === CHOSE_FIRST) === l1 < l2) {
      kinds[r * 6 + 4]++;
      kinds[r * 6 + 5] += agree;
    }
  }

  const labels = ['first', 'second', 'tie'] as const;
  const flaggedRaters = new Set<number>();
  const byRater = index.raters.map((rater, r): RaterConsensusRow => {
    const counts = [answers[3 * r], answers[3 * r + 1], answers[3 * r + 2]];
    const total = counts[0] + counts[1] + counts[2];
    const top = counts[0] >= counts[1] && counts[0] >= counts[2] ? 0 : counts[1] >= counts[2] ? 1 : 2;
    const dominantShare = total > 0 ? counts[top] / total : 0;
    const n = consensus.judged[r];
    const ci = n > 0 ? wilsonInterval(consensus.agreed[r], n) : null;
    let best: number | null = null;
    for (let k = 0; k < 3; k++) {
      const kn = kinds[r * 6 + k * 2];
      if (kn < minN) continue;
      const lower = wilsonInterval(kinds[r * 6 + k * 2 + 1], kn)[0];
      if (best === null || lower > best) best = lower;
    }
    const constant = total >= minN && dominantShare >= maxShare;
    const random = !constant && n >= minN && ci !== null && ci[0] < maxLower && (best === null || best < minPrecision);
    const spammer = constant || random;
    if (spammer) flaggedRaters.add(r);
    return {
      rater,
      comparisons: total,
      dominantAnswer: labels[top],
      dominantShare,
      withConsensus: n,
      agreement: n > 0 ? consensus.agreed[r] / n : null,
      agreementCi: ci,
      bestPrecisionLowerBound: best,
      weight: consensus.weights[r],
      spammer,
      kind: constant ? 'constant' : random ? 'random' : null,
    };
  });
  return { byRater, flaggedRaters };
}
