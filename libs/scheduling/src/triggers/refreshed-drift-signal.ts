import type { DriftSignal, ObjectiveDriftReading } from './signals';

const MAX_READINGS = 10_000;

/**
 * Keeps each known set of drift readings for `refreshMs` (per tenant, objectives
 * and `since`). Drift moves with days of traffic while the scheduler ticks every
 * few seconds, and each reading reads thousands of prompts per objective. An
 * answer with no reading (nothing known yet: too few prompts) is not kept: it is
 * cheap, and the trigger should notice as soon as enough traffic has arrived. A
 * new `since` (after a retrain) is a new key, so it is measured at once.
 */
export class RefreshedDriftSignal implements DriftSignal {
  private readonly readings = new Map<
    string,
    { readonly at: number; readonly readings: readonly ObjectiveDriftReading[] }
  >();

  constructor(
    private readonly measured: DriftSignal,
    private readonly refreshMs: number,
    /** Elapsed time, not the scheduler's clock: this is about load, and the scheduler's clock may be shifted. */
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  async readingsOf(
    tenant: string,
    objectives: readonly string[],
    since: Date,
    now: Date,
  ): Promise<readonly ObjectiveDriftReading[]> {
    const key = `${tenant}\u0000${[...objectives].sort().join(',')}\u0000${since.toISOString()}`;
    const at = this.elapsedMs();
    const kept = this.readings.get(key);
    if (kept && at - kept.at < this.refreshMs) return kept.readings;
    const readings = await this.measured.readingsOf(tenant, objectives, since, now);
    if (readings.length === 0) {
      this.readings.delete(key);
      return readings;
    }
    if (this.readings.size >= MAX_READINGS) this.forgetOlderThan(at - this.refreshMs);
    this.readings.set(key, { at, readings });
    return readings;
  }

  private forgetOlderThan(at: number): void {
    for (const [key, reading] of this.readings) if (reading.at < at) this.readings.delete(key);
    // Still full of fresh readings (more policies than the bound): start again rather than grow.
    if (this.readings.size >= MAX_READINGS) this.readings.clear();
  }
}
