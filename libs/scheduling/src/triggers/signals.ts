/**
 * Signals besides the clock that can make a policy retrain early. Both are ports:
 * the scheduler asks them on every tick, and until something implements them it
 * is given the `Unavailable…` versions below, which answer `undefined` ("not
 * known"), so the volume and drift triggers simply never fire.
 */

/**
 * How many comparisons arrived since an instant, for a tenant's objectives.
 * To be implemented by the projector's read model (a count over the projected
 * `comparison.recorded` events by tenant, objective and recordedAt); undefined
 * when the count is not known.
 */
export interface NewComparisonCounter {
  countSince(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined>;
}

/**
 * The current drift of a tenant's reward models for the objectives, a
 * non-negative number on the scale the policy's `driftThreshold` uses (the
 * quality engine decides the measure, e.g. the divergence between annotation and
 * deployment prompt distributions); undefined when not known.
 */
export interface DriftSignal {
  driftOf(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined>;
}

/** Until the projector counts comparisons: never known. */
export class UnavailableComparisonCounter implements NewComparisonCounter {
  async countSince(): Promise<number | undefined> {
    return undefined;
  }
}

/** Until the quality engine measures drift: never known. */
export class UnavailableDriftSignal implements DriftSignal {
  async driftOf(): Promise<number | undefined> {
    return undefined;
  }
}
