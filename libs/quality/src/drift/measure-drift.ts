import { invalidInput } from '../agreement/invalid-input';
import { lengthDrift } from './length-drift';
import { localeMixDrift } from './locale-mix-drift';
import { promptDrift } from './prompt-drift';
import { wordTokens } from './word-tokens';

/** One prompt of a drift sample, with the locale it was written in when known. */
export interface DriftSample {
  readonly prompt: string;
  readonly locale: string | null;
}

/** The three drift measures of one comparison of samples, each a Jensen–Shannon divergence in bits (0 same, 1 disjoint). */
export interface DriftMeasures {
  /** `promptDrift`: hashed word distributions. */
  readonly words: number;
  /** `lengthDrift`: binned prompt lengths. */
  readonly length: number;
  /** `localeMixDrift`: primary languages; null when either side has fewer than `minPrompts` prompts with a locale. */
  readonly localeMix: number | null;
  /** Prompts with a word on each side: what the measures were computed from. */
  readonly trainedOn: number;
  readonly deployed: number;
}

/**
 * Compares the prompts a model was trained on with the prompts deployed since:
 * word, length and locale-mix drift. Prompts without a word are left out (they
 * add nothing to a word distribution, and counting them would let a flood of
 * empty prompts make drift known). Undefined ("not known") while either side has
 * fewer than `minPrompts` prompts with a word: below that, the sampling floor of
 * the word measure (rare words seen on one side only) would pass for drift.
 *
 * @example measureDrift(trained, deployed, 50) // { words: 0.42, length: 0.03, localeMix: null, trainedOn: 200, deployed: 180 }
 * @throws ValidationError when `minPrompts` is not an integer ≥ 1.
 */
export function measureDrift(
  trainedOn: readonly DriftSample[],
  deployed: readonly DriftSample[],
  minPrompts: number,
): DriftMeasures | undefined {
  if (!Number.isInteger(minPrompts) || minPrompts < 1) {
    throw invalidInput('measureDrift', 'minPrompts', 'must be an integer >= 1');
  }
  const before = trainedOn.filter(hasWords);
  const after = deployed.filter(hasWords);
  if (before.length < minPrompts || after.length < minPrompts) return undefined;
  const prompts = (side: readonly DriftSample[]) => side.map((s) => s.prompt);
  const locales = (side: readonly DriftSample[]) => side.flatMap((s) => (s.locale === null ? [] : [s.locale]));
  const [localesBefore, localesAfter] = [locales(before), locales(after)];
  return {
    words: promptDrift(prompts(before), prompts(after)),
    length: lengthDrift(prompts(before), prompts(after)),
    localeMix:
      localesBefore.length < minPrompts || localesAfter.length < minPrompts
        ? null
        : localeMixDrift(localesBefore, localesAfter),
    trainedOn: before.length,
    deployed: after.length,
  };
}

const hasWords = (s: DriftSample): boolean => wordTokens(s.prompt).length > 0;
