import type { DriftSignal } from './signals';

const MAX_READINGS = 10_000;

/**
 * Keeps each known drift reading for `refreshMs` (per tenant, objectives and
 * `since`). Drift moves with days of traffic while the scheduler ticks every few
 * seconds, and each reading reads thousands of prompts per policy. A reading
 * that is not known yet (too few prompts) is not kept: it is cheap, and the
 * trigger should notice as soon as enough traffic has arrived. A new `since`
 * (after a retrain) is a new key, so it is measured at once.
 */
export class RefreshedDriftSignal implements DriftSignal {
  private readonly readings = new Map<string, { readonly at: number; readonly drift: number }>();

  constructor(
    private readonly measured: DriftSignal,
    private readonly refreshMs: number,
    /** Elapsed time, not the scheduler's clock: this is about load, and the scheduler's clock may be shifted. */
    private readonly elapsedMs: () => number = () => performance.now(),
  ) {}

  async driftOf(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined> {
    const key = `${tenant}\u0000${[...objectives].sort().join(',')}\u0000${since.toISOString()}`;
    const now = this.elapsedMs();
    const kept = this.readings.get(key);
    if (kept && now - kept.at < this.refreshMs) return kept.drift;
    const drift = await this.measured.driftOf(tenant, objectives, since);
    if (drift === undefined) {
      this.readings.delete(key);
      return undefined;
    }
    if (this.readings.size >= MAX_READINGS) this.forgetOlderThan(now - this.refreshMs);
    this.readings.set(key, { at: now, drift });
    return drift;
  }

  private forgetOlderThan(at: number): void {
    for (const [key, reading] of this.readings) if (reading.at < at) this.readings.delete(key);
    // Still full of fresh readings (more policies than the bound): start again rather than grow.
    if (this.readings.size >= MAX_READINGS) this.readings.clear();
  }
}
