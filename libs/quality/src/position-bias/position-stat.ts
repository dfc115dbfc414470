import { invalidInput } from '../agreement/invalid-input';
import { binomialTest } from '../distributions/binomial-test';
import { wilsonInterval } from '../distributions/wilson-interval';

/** First-position statistics of a set of comparisons (ties excluded from the rate). */
export interface PositionStat {
  /** all comparisons, ties included */
  readonly comparisons: number;
  /** comparisons with a winner */
  readonly decided: number;
  readonly firstWins: number;
  readonly ties: number;
  /** firstWins / decided; null when nothing was decided */
  readonly firstWinRate: number | null;
  /** 95% Wilson interval of the first-win rate; null when nothing was decided */
  readonly ci: [number, number] | null;
  /** exact two-sided binomial test of firstWinRate = 0.5 */
  readonly pValue: number;
}

/**
 * Summarises first-position wins: the rate at which the response shown first wins
 * (ties excluded), its Wilson interval and the exact two-sided binomial test
 * against 0.5.
 *
 * @example
 * positionStat(70, 30, 5); // { comparisons: 105, decided: 100, firstWinRate: 0.7, pValue: 7.85e-5, … }
 * @throws ValidationError when a count is not a non-negative integer.
 */
export function positionStat(firstWins: number, secondWins: number, ties: number, confidence = 0.95): PositionStat {
  const fn = 'positionStat';
  for (const [name, v] of [
    ['firstWins', firstWins],
    ['secondWins', secondWins],
    ['ties', ties],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw invalidInput(fn, name, 'must be a non-negative integer');
  }
  const decided = firstWins + secondWins;
  return {
    comparisons: decided + ties,
    decided,
    firstWins,
    ties,
    firstWinRate: decided > 0 ? firstWins / decided : null,
    ci: decided > 0 ? wilsonInterval(firstWins, decided, { confidence }) : null,
    pValue: binomialTest(firstWins, decided),
  };
}
