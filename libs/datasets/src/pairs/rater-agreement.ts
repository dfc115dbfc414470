import { applyAmendments, type SourceComparison } from './source-comparison';

export interface AgreementTally {
  agree: number;
  total: number;
}

/**
 * Adds one task's evidence to each rater's tally: a rater agrees when their
 * preferred response is the one most other raters of the task preferred
 * (ties among the others, and ties or retractions of the rater, give no evidence).
 */
export function tallyRaterAgreement(
  comparisons: readonly SourceComparison[],
  tallies: Map<string, AgreementTally>,
): void {
  const votes = comparisons
    .map(applyAmendments)
    .filter((c) => !c.retracted && c.choice.kind === 'preferred')
    .map((c) => ({ rater: c.raterId, winner: (c.choice as { responseId: string }).responseId }));
  for (const vote of votes) {
    const others = new Map<string, number>();
    for (const o of votes)
      if (o !== vote && o.rater !== vote.rater) others.set(o.winner, (others.get(o.winner) ?? 0) + 1);
    if (others.size === 0) continue;
    const best = Math.max(...others.values());
    const leaders = [...others].filter(([, n]) => n === best);
    if (leaders.length !== 1) continue;
    const tally = tallies.get(vote.rater) ?? { agree: 0, total: 0 };
    tally.total += 1;
    if (leaders[0][0] === vote.winner) tally.agree += 1;
    tallies.set(vote.rater, tally);
  }
}
