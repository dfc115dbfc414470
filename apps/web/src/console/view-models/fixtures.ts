import type { RaterJson } from './api-types';

/** A rater of the quality report with every field set; override what a test is about. */
export function rater(over: Partial<RaterJson> & { rater: string }): RaterJson {
  return {
    group: null,
    comparisons: 40,
    flags: [],
    firstWinRate: 0.5,
    firstWinDecided: 40,
    firstWinCi: [0.35, 0.65],
    positionQValue: 0.9,
    longerWinRate: 0.5,
    lengthEffect: 0,
    lengthQValue: 0.9,
    agreement: 0.8,
    consensusWeight: 1,
    spammerKind: null,
    ...over,
  };
}
