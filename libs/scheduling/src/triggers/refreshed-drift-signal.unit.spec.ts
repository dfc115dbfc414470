import { RefreshedDriftSignal } from './refreshed-drift-signal';
import { policyDrift, type DriftSignal, type ObjectiveDriftReading } from './signals';

const now = new Date('2026-12-01T00:00:00Z');

/** A reading of `objective` over all surfaces with word drift `words`. */
const reading = (objective: string, words: number, surface: string | null = null): ObjectiveDriftReading => ({
  objective,
  surface,
  windowFrom: now,
  words,
  length: 0,
  localeMix: null,
  trainedOn: 50,
  deployed: 50,
});

/** Answers each call with the next scripted drift of 'helpfulness' (undefined: nothing known). */
class ScriptedDrift implements DriftSignal {
  readonly calls: string[] = [];
  constructor(private readonly answers: (number | undefined)[]) {}
  async readingsOf(tenant: string, objectives: readonly string[], since: Date): Promise<ObjectiveDriftReading[]> {
    this.calls.push(`${tenant} ${objectives.join(',')} ${since.toISOString()}`);
    const next = this.answers.shift();
    return next === undefined ? [] : [reading('helpfulness', next)];
  }
}

/** The word drift of the kept or measured readings. */
const driftOf = async (signal: DriftSignal, tenant: string, objectives: string[], since: Date) =>
  (await signal.readingsOf(tenant, objectives, since, now))[0]?.words;

describe('policyDrift', () => {
  it("is the highest whole-traffic word drift among the policy's own objectives", () => {
    const readings = [reading('a', 0.2), reading('b', 0.6), reading('b', 0.9, 'chat'), reading('c', 0.95)];
    expect(policyDrift(readings, ['a', 'b'])).toEqual({ value: 0.6, objective: 'b' });
    expect(policyDrift(readings, ['a'])).toEqual({ value: 0.2, objective: 'a' });
    expect(policyDrift(readings, ['d'])).toBeUndefined();
    expect(policyDrift([], ['a'])).toBeUndefined();
  });
});

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
    expect(await driftOf(signal, 'acme', ['helpfulness', 'honesty'], since)).toBe(0.1);
    elapsed = 59_999;
    expect(await driftOf(signal, 'acme', ['honesty', 'helpfulness'], since)).toBe(0.1);
    expect(measured.calls).toHaveLength(1);
    elapsed = 60_000;
    expect(await driftOf(signal, 'acme', ['helpfulness', 'honesty'], since)).toBe(0.4);
    expect(measured.calls).toHaveLength(2);
  });

  it('measures at once for another tenant or a new since (after a retrain)', async () => {
    const measured = new ScriptedDrift([0.1, 0.2, 0.3]);
    const signal = new RefreshedDriftSignal(measured, 60_000, clock);
    await driftOf(signal, 'acme', ['helpfulness'], since);
    expect(await driftOf(signal, 'globex', ['helpfulness'], since)).toBe(0.2);
    expect(await driftOf(signal, 'acme', ['helpfulness'], new Date('2026-11-01T00:00:00Z'))).toBe(0.3);
    expect(measured.calls).toHaveLength(3);
  });

  it('does not keep "not known yet": the next tick measures again', async () => {
    const measured = new ScriptedDrift([undefined, 0.35]);
    const signal = new RefreshedDriftSignal(measured, 60_000, clock);
    expect(await driftOf(signal, 'acme', ['helpfulness'], since)).toBeUndefined();
    elapsed = 10_000;
    expect(await driftOf(signal, 'acme', ['helpfulness'], since)).toBe(0.35);
    expect(measured.calls).toHaveLength(2);
  });

  it('with a refresh of 0 measures on every call', async () => {
    const measured = new ScriptedDrift([0.1, 0.2]);
    const signal = new RefreshedDriftSignal(measured, 0, clock);
    await driftOf(signal, 'acme', ['helpfulness'], since);
    expect(await driftOf(signal, 'acme', ['helpfulness'], since)).toBe(0.2);
  });
});
