import { RefreshedDriftSignal } from './refreshed-drift-signal';
import type { DriftSignal } from './signals';

class ScriptedDrift implements DriftSignal {
  readonly calls: string[] = [];
  constructor(private readonly answers: (number | undefined)[]) {}
  async driftOf(tenant: string, objectives: readonly string[], since: Date): Promise<number | undefined> {
    this.calls.push(`${tenant} ${objectives.join(',')} ${since.toISOString()}`);
    return this.answers.shift();
  }
}

describe('RefreshedDriftSignal', () => {
  const since = new Date('2026-10-01T00:00:00Z');
  let elapsed = 0;
  const clock = () => elapsed;
  beforeEach(() => {
    elapsed = 0;
  });

  it('measures once per refresh period for the same tenant, objectives (in any order) and since', async () => {
    const measured = new ScriptedDrift([0.1, 0.4]);
    const signal = new RefreshedDriftSignal(measured, 60_000, clock);
    expect(await signal.driftOf('acme', ['helpfulness', 'honesty'], since)).toBe(0.1);
    elapsed = 59_999;
    expect(await signal.driftOf('acme', ['honesty', 'helpfulness'], since)).toBe(0.1);
    expect(measured.calls).toHaveLength(1);
    elapsed = 60_000;
    expect(await signal.driftOf('acme', ['helpfulness', 'honesty'], since)).toBe(0.4);
    expect(measured.calls).toHaveLength(2);
  });

  it('measures at once for another tenant or a new since (after a retrain)', async () => {
    const measured = new ScriptedDrift([0.1, 0.2, 0.3]);
    const signal = new RefreshedDriftSignal(measured, 60_000, clock);
    await signal.driftOf('acme', ['helpfulness'], since);
    expect(await signal.driftOf('globex', ['helpfulness'], since)).toBe(0.2);
    expect(await signal.driftOf('acme', ['helpfulness'], new Date('2026-11-01T00:00:00Z'))).toBe(0.3);
    expect(measured.calls).toHaveLength(3);
  });

  it('does not keep "not known yet": the next tick measures again', async () => {
    const measured = new ScriptedDrift([undefined, 0.35]);
    const signal = new RefreshedDriftSignal(measured, 60_000, clock);
    expect(await signal.driftOf('acme', ['helpfulness'], since)).toBeUndefined();
    elapsed = 10_000;
    expect(await signal.driftOf('acme', ['helpfulness'], since)).toBe(0.35);
    expect(measured.calls).toHaveLength(2);
  });

  it('with a refresh of 0 measures on every call', async () => {
    const measured = new ScriptedDrift([0.1, 0.2]);
    const signal = new RefreshedDriftSignal(measured, 0, clock);
    await signal.driftOf('acme', ['helpfulness'], since);
    expect(await signal.driftOf('acme', ['helpfulness'], since)).toBe(0.2);
  });
});
