/**
 * Signals besides the clock that can make a policy retrain early. Both are ports
 * the scheduler asks on every tick; an answer of `undefined` ("not known", or
 * no drift reading) means the trigger does not fire. The scheduler is given `RetrainComparisonCounter`
 * and `PromptDriftSignal`; the `Unavailable…` versions below, which never know,
 * are for tests and tools that run the scheduler without those read models.
 */

/**
 * How many comparisons arrived since an instant, for a tenant's objectives.
 * Implemented over the projector's read model by `RetrainComparisonCounter`
 * (@hindsight/store: projected comparisons by tenant, objective and recordedAt,
 * not retracted or erased); undefined when the count is not known.
 */
export interface NewComparisonCounter {
  countSince(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined>;
}

/**
 * One drift reading of one objective (and one surface) of a tenant: the prompts
 * its models were trained on (comparisons of the objective recorded at or before
 * `since`) against the prompts users sent in the sliding window (interactions of
 * the objective, or naming none, recorded after `windowFrom`, itself never before
 * `since`). `surface` null: the objective's whole traffic. The measures are
 * `measureDrift`'s from @hindsight/quality, each a Jensen–Shannon divergence in
 * bits (0 same, 1 disjoint): `words` (hashed word distributions, the scale the
 * policy's `driftThreshold` uses), `length` (binned prompt lengths), `localeMix`
 * (primary languages; null when not known).
 */
export interface ObjectiveDriftReading {
  readonly objective: string;
  readonly surface: string | null;
  readonly windowFrom: Date;
  readonly words: number;
  readonly length: number;
  readonly localeMix: number | null;
  readonly trainedOn: number;
  readonly deployed: number;
}

/**
 * The current drift of a tenant's objectives since an instant (the last
 * retrain's asOf) at `now`: the known readings, one per objective over all its
 * surfaces and one per surface seen in its window. An objective whose drift is not
 * known (too few prompts on a side) has no reading.
 */
export interface DriftSignal {
  readingsOf(
    tenant: string,
    objectives: readonly string[],
    since: Date,
    now: Date,
  ): Promise<readonly ObjectiveDriftReading[]>;
}

/**
 * A policy's drift for its trigger: the highest word drift among the readings of
 * its own objectives over all surfaces (a policy retrains when any of its
 * objectives drifted), with the objective it is of; undefined when none is known.
 *
 * @example policyDrift([{ objective: 'a', surface: null, words: 0.2, … }, { objective: 'b', surface: null, words: 0.6, … }], ['a', 'b'])
 * // { value: 0.6, objective: 'b' }
 */
export function policyDrift(
  readings: readonly ObjectiveDriftReading[],
  objectives: readonly string[],
): { readonly value: number; readonly objective: string } | undefined {
  let best: { value: number; objective: string } | undefined;
  for (const r of readings) {
    if (r.surface !== null || !objectives.includes(r.objective)) continue;
    if (best === undefined || r.words > best.value) best = { value: r.words, objective: r.objective };
  }
  return best;
}

/** A counter that never knows (tests, tools without the read model): the volume trigger never fires. */
export class UnavailableComparisonCounter implements NewComparisonCounter {
  async countSince(): Promise<number | undefined> {
    return undefined;
  }
}

/** A drift signal that never knows (tests, tools without the read models): the drift trigger never fires. */
export class UnavailableDriftSignal implements DriftSignal {
  async readingsOf(): Promise<readonly ObjectiveDriftReading[]> {
    return [];
  }
}
