import { promptDrift, wordTokens } from '@hindsight/quality';
import type { DriftSignal } from '@hindsight/scheduling';
import type { PromptDriftSourceRepository } from '@hindsight/store';

export interface PromptDriftSampling {
  /** The most recent prompts read on each side. */
  readonly sampleSize: number;
  /** Fewer prompts with a word than this on either side: drift is not known. */
  readonly minPrompts: number;
  /** Each prompt is cut to this many characters. */
  readonly maxChars: number;
}

/**
 * 5,000 prompts a side keep a tick's read to a few megabytes at most; 50 is
 * the least that says something about the traffic rather than about which rare
 * words happened to be drawn (the sampling floor of `promptDrift` grows as the
 * samples shrink, and would fire the trigger on noise).
 */
export const PROMPT_DRIFT_SAMPLING: PromptDriftSampling = { sampleSize: 5000, minPrompts: 50, maxChars: 2000 };

/**
 * The drift trigger's measure: prompt distribution drift (`promptDrift` in
 * @hindsight/quality, Jensen–Shannon divergence in bits between word
 * distributions, 0 = same distribution, 1 = no word in common) between the
 * prompts the current models were trained on (comparisons recorded at or before
 * `since`: the last retrain's asOf, or when the policy became active) and the
 * prompts users sent after it (deployment interactions). Undefined ("not
 * known", so the trigger does not fire) while either side has fewer than
 * `minPrompts` prompts containing a word: before the first annotations, and
 * right after a retrain until enough new traffic has arrived.
 */
export class PromptDriftSignal implements DriftSignal {
  constructor(
    private readonly source: Pick<PromptDriftSourceRepository, 'trainedOnPrompts' | 'deployedPrompts'>,
    private readonly sampling: PromptDriftSampling = PROMPT_DRIFT_SAMPLING,
  ) {}

  async driftOf(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined> {
    const { sampleSize, minPrompts, maxChars } = this.sampling;
    const [trainedOn, deployed] = await Promise.all([
      this.source.trainedOnPrompts(tenant, objectives, since, sampleSize, maxChars),
      this.source.deployedPrompts(tenant, since, sampleSize, maxChars),
    ]);
    // A prompt without a word adds nothing to a word distribution; counting it
    // towards the minimum would let a flood of empty prompts make drift "known".
    const before = trainedOn.filter(hasWords);
    const after = deployed.filter(hasWords);
    if (before.length < minPrompts || after.length < minPrompts) return undefined;
    return promptDrift(before, after);
  }
}

const hasWords = (prompt: string): boolean => wordTokens(prompt).length > 0;
