import { validateEventInput, ValidationError } from '@hindsight/contracts';
import { simulatePopulation, TIE } from '@hindsight/quality';
import { comparisonEvent, raterEvent, simulationKeyPrefix, simulationWindow } from './simulation-events';

describe('simulation events', () => {
  const sim = simulatePopulation({ raters: 30, comparisons: 600, seed: 4 });
  const prefix = simulationKeyPrefix({ raters: 30, comparisons: 600, seed: 4 });

  it('maps every simulated rater and comparison to an event input the contracts accept', () => {
    for (const [k, r] of sim.raters.entries()) expect(() => validateEventInput(raterEvent(r, k, prefix))).not.toThrow();
    const languages = new Map(sim.raters.map((r) => [r.raterId, r.languages]));
    for (const [k, c] of sim.comparisons.entries())
      expect(() => validateEventInput(comparisonEvent(c, k, prefix, languages.get(c.raterId)))).not.toThrow();
  });

  it('keeps what the report reads: ids, order shown, the choice as preferred or tie, group, region as an M49 code', () => {
    const tie = sim.comparisons.find((c) => c.choice === TIE)!;
    const pick = sim.comparisons.find((c) => c.choice !== TIE)!;
    expect(comparisonEvent(tie, 0, prefix).data).toMatchObject({
      choice: { kind: 'tie' },
      shownOrder: tie.shownOrder,
      taskId: tie.taskId,
      raterId: tie.raterId,
    });
    expect(comparisonEvent(pick, 1, prefix)).toMatchObject({
      occurredAt: pick.occurredAt,
      data: { choice: { kind: 'preferred', responseId: pick.choice } },
    });
    const europe = sim.raters.find((r) => r.region === 'europe')!;
    expect(raterEvent(europe, 3, prefix).data).toMatchObject({
      region: '150',
      optInGroup: europe.group,
      expertise: [{ domain: 'general', level: europe.expertise }],
    });
  });

  it('derives idempotency keys from the seed, the options and the index', () => {
    expect(comparisonEvent(sim.comparisons[5], 5, prefix).idempotencyKey).toBe(`${prefix}-cmp-5`);
    expect(raterEvent(sim.raters[5], 5, prefix).idempotencyKey).toBe(`${prefix}-rater-5`);
    expect(prefix).toMatch(/^sim-4-[0-9a-f]{12}$/);
    expect(simulationKeyPrefix({ seed: 4, comparisons: 600, raters: 30 })).toBe(prefix);
    expect(simulationKeyPrefix({ raters: 30, comparisons: 600, seed: 5 })).not.toBe(prefix);
    expect(simulationKeyPrefix({ raters: 30, comparisons: 601, seed: 4 })).not.toBe(prefix);
  });

  it('places the comparisons in the previous quarter by default, a given quarter otherwise, never in the future', () => {
    expect(simulationWindow(undefined, new Date('2026-05-10T12:00:00Z'))).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-04-01T00:00:00.000Z',
    });
    expect(simulationWindow(undefined, new Date('2026-02-01T00:00:00Z'))).toEqual({
      start: '2025-10-01T00:00:00.000Z',
      end: '2026-01-01T00:00:00.000Z',
    });
    expect(simulationWindow('2026-04-01', new Date('2026-05-10T12:00:00Z'))).toEqual({
      start: '2026-04-01T00:00:00.000Z',
      end: '2026-05-10T12:00:00.000Z',
    });
    expect(() => simulationWindow('2026-06-01', new Date('2026-05-10T12:00:00Z'))).toThrow(ValidationError);
    expect(() => simulationWindow('last spring', new Date('2026-05-10T12:00:00Z'))).toThrow(/--start/);
  });
});
