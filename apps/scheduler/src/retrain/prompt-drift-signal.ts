import { measureDrift, type DriftSample } from '@hindsight/quality';
import type { DriftSignal, ObjectiveDriftReading } from '@hindsight/scheduling';
import type { PromptDriftSourceRepository } from '@hindsight/store';

export interface PromptDriftSampling {
  /** The most recent prompts read on each side, per objective. */
  readonly sampleSize: number;
  /** Fewer prompts with a word than this on either side: drift is not known. */
  readonly minPrompts: number;
  /** Each prompt is cut to this many characters. */
  readonly maxChars: number;
  /** The sliding window: deployed prompts recorded in the last this many ms (and after the baseline). */
  readonly windowMs: number;
  /** Per-surface readings for at most this many surfaces of an objective, the busiest in its window. */
  readonly maxSurfaces: number;
}

/**
 * 5,000 prompts a side keep a tick's read to a few megabytes per objective; 50 is
 * the least that says something about the traffic rather than about which rare
 * words happened to be drawn (the sampling floor of `promptDrift` grows as the
 * samples shrink, and would fire the trigger on noise). 30 days of traffic: a
 * month's shift is what a quarterly retrain should hear about.
 */
export const PROMPT_DRIFT_SAMPLING: PromptDriftSampling = {
  sampleSize: 5000,
  minPrompts: 50,
  maxChars: 2000,
  windowMs: 30 * 24 * 60 * 60 * 1000,
  maxSurfaces: 20,
};

/**
 * The drift trigger's measures, per objective: `measureDrift` (@hindsight/quality:
 * word, length and locale-mix Jensen–Shannon divergences in bits) between the
 * prompts the current models were trained on (comparisons of the objective
 * recorded at or before `since`: the last retrain's asOf, or when the policy
 * became active) and the prompts users sent in the sliding window (interactions
 * of the objective, or naming none, recorded after max(since, now − window)).
 * One reading per objective over all its surfaces, plus one per surface of that
 * window's sample (the `maxSurfaces` busiest) that has enough prompts itself. An
 * objective (or surface) with fewer than `minPrompts` prompts with a word on a
 * side has no reading: before the first annotations, and right after a retrain
 * until enough new traffic has arrived.
 */
export class PromptDriftSignal implements DriftSignal {
  constructor(
    private readonly source: Pick<PromptDriftSourceRepository, 'trainedOnPrompts' | 'deployedPrompts'>,
    private readonly sampling: PromptDriftSampling = PROMPT_DRIFT_SAMPLING,
  ) {}

  async readingsOf(
    tenant: string,
    objectives: readonly string[],
    since: Date,
    now: Date,
  ): Promise<ObjectiveDriftReading[]> {
    const readings: ObjectiveDriftReading[] = [];
    for (const objective of objectives)
      readings.push(...(await this.readingsOfObjective(tenant, objective, since, now)));
    return readings;
  }

  private async readingsOfObjective(
    tenant: string,
    objective: string,
    since: Date,
    now: Date,
  ): Promise<ObjectiveDriftReading[]> {
    const { sampleSize, minPrompts, maxChars, windowMs, maxSurfaces } = this.sampling;
    const windowFrom = new Date(Math.max(since.getTime(), now.getTime() - windowMs));
    const [trainedOn, deployed] = await Promise.all([
      this.source.trainedOnPrompts(tenant, [objective], since, sampleSize, maxChars),
      this.source.deployedPrompts(tenant, objective, windowFrom, sampleSize, maxChars),
    ]);
    const readings: ObjectiveDriftReading[] = [];
    const reading = (surface: string | null, sample: readonly DriftSample[]) => {
      const measures = measureDrift(trainedOn, sample, minPrompts);
      if (measures === undefined) return;
      const { words, length, localeMix, trainedOn: before, deployed: after } = measures;
      readings.push({ objective, surface, windowFrom, words, length, localeMix, trainedOn: before, deployed: after });
    };
    reading(null, deployed);
    const bySurface = new Map<string, DriftSample[]>();
    for (const d of deployed) {
      if (d.surface === null) continue;
      const group = bySurface.get(d.surface) ?? [];
      group.push(d);
      bySurface.set(d.surface, group);
    }
    const busiest = [...bySurface].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
    for (const [surface, sample] of busiest.slice(0, maxSurfaces)) reading(surface, sample);
    return readings;
  }
}
