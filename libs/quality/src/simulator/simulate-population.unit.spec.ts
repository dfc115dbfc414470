import { ValidationError } from '@hindsight/contracts';
import { createSampler } from './sampler';
import { simulatePopulation } from './simulate-population';

describe('createSampler', () => {
  it('is deterministic per seed and gives a roughly standard normal', () => {
    const a = createSampler(3);
    const b = createSampler(3);
    const xs = Array.from({ length: 20_000 }, () => a.normal());
    expect(Array.from({ length: 5 }, () => b.normal())).toEqual(xs.slice(0, 5));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

describe('simulatePopulation', () => {
  const sim = simulatePopulation({
    raters: 100,
    comparisons: 10_000,
    seed: 9,
    start: '2026-04-01T00:00:00.000Z',
    end: '2026-07-01T00:00:00.000Z',
  });

  it('produces the requested counts, planted shares and model truth', () => {
    expect(sim.raters).toHaveLength(100);
    expect(sim.comparisons).toHaveLength(10_000);
    const counts: Record<string, number> = {};
    for (const b of Object.values(sim.truth.raters)) counts[b] = (counts[b] ?? 0) + 1;
    expect(counts).toEqual({ none: 70, 'position-bias': 10, 'length-bias': 10, spammer: 5, 'group-conflict': 5 });
    expect(Object.keys(sim.truth.models)).toHaveLength(4);
    expect(new Set(sim.comparisons.map((c) => c.responses[0].modelVersion)).size).toBe(4);
  });

  it('spreads occurredAt over the quarter, sorted, with unique ids', () => {
    const times = sim.comparisons.map((c) => Date.parse(c.occurredAt));
    expect(
      times.every(
        (t, k) =>
          t >= Date.parse('2026-04-01T00:00:00.000Z') &&
          t < Date.parse('2026-07-01T00:00:00.000Z') &&
          (k === 0 || t >= times[k - 1]),
      ),
    ).toBe(true);
    expect(new Set(sim.comparisons.map((c) => c.id)).size).toBe(10_000);
  });

  it('rates tasks by about three raters and shows a share of tasks in both orders', () => {
    const perTask = new Map<string, { n: number; orders: Set<string> }>();
    for (const c of sim.comparisons) {
      const e = perTask.get(c.taskId) ?? { n: 0, orders: new Set<string>() };
      e.n++;
      e.orders.add(c.shownOrder[0]);
      perTask.set(c.taskId, e);
    }
    const tasks = [...perTask.values()];
    const median = tasks.map((t) => t.n).sort((a, b) => a - b)[tasks.length >> 1];
    expect(median).toBe(3);
    const both = tasks.filter((t) => t.orders.size === 2).length / tasks.length;
    expect(both).toBeGreaterThan(0.15);
    expect(both).toBeLessThan(0.5);
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const again = simulatePopulation({
      raters: 100,
      comparisons: 10_000,
      seed: 9,
      start: '2026-04-01T00:00:00.000Z',
      end: '2026-07-01T00:00:00.000Z',
    });
    expect(again.comparisons[123]).toEqual(sim.comparisons[123]);
    expect(simulatePopulation({ raters: 100, comparisons: 10_000, seed: 10 }).comparisons[123]).not.toEqual(
      sim.comparisons[123],
    );
  });

  it('refuses bad options, naming them', () => {
    expect(() => simulatePopulation({ spammers: 2 })).toThrow(ValidationError);
    expect(() => simulatePopulation({ positionBiased: 0.6, lengthBiased: 0.6 })).toThrow(/planted shares/);
    expect(() => simulatePopulation({ start: '2026-02-01T00:00:00Z', end: '2026-01-01T00:00:00Z' })).toThrow(
      /options.end/,
    );
  });
});
