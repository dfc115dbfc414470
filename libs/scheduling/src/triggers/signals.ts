/**
 * Signals besides the clock that can make a policy retrain early. Both are ports
 * the scheduler asks on every tick; an answer of `undefined` ("not known") means
 * the trigger does not fire. The scheduler is given `RetrainComparisonCounter`
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
 * The current drift of a tenant's reward models for the objectives since an
 * instant (the last retrain's asOf), a non-negative number on the scale the
 * policy's `driftThreshold` uses; undefined when not known. The scheduler's
 * `PromptDriftSignal` measures prompt distribution drift: `promptDrift` from
 * @hindsight/quality, the Jensen–Shannon divergence in bits (0 = same, 1 = no
 * word in common) between the word distributions of the prompts the models were
 * trained on and the prompts users sent since.
 */
export interface DriftSignal {
  driftOf(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined>;
}

/** A counter that never knows (tests, tools without the read model): the volume trigger never fires. */
export class UnavailableComparisonCounter implements NewComparisonCounter {
  async countSince(): Promise<number | undefined> {
    return undefined;
  }
}

/** A drift signal that never knows (tests, tools without the read models): the drift trigger never fires. */
export class UnavailableDriftSignal implements DriftSignal {
  async driftOf(): Promise<number | undefined> {
    return undefined;
  }
}
