import { ValidationError } from '@hindsight/contracts';
import { wilsonInterval } from '../distributions/wilson-interval';
import { simulatePopulation } from '../simulator/simulate-population';
import type { PlantedBehaviour } from '../simulator/simulation-types';
import { buildQualityReport } from './build-quality-report';
import type { ComparisonRecord } from './comparison-record';
import type { RaterFlag } from './quality-report';

// The key test: with the default population (200 raters, 50 000 comparisons, 10 %
// position-biased, 10 % length-biased, 5 % spammers, 5 % group conflict) the report
// must find the planted raters with precision and recall ≥ 0.9 each, and the
// Bradley–Terry strengths must put the model versions in their true order.
describe('buildQualityReport on simulated populations', () => {
  const planted: [RaterFlag, PlantedBehaviour][] = [
    ['position-bias', 'position-bias'],
    ['length-bias', 'length-bias'],
    ['spammer', 'spammer'],
  ];

  it.each([1, 2, 3])(
    'seed %p: flags the planted raters with precision and recall ≥ 0.9 and recovers the model order',
    (seed) => {
      const sim = simulatePopulation({
        raters: 200,
        comparisons: 50_000,
        seed,
        positionBiased: 0.1,
        lengthBiased: 0.1,
        spammers: 0.05,
      });
      const progress: [number, number][] = [];
      const report = buildQualityReport(
        { comparisons: sim.comparisons, raters: sim.raters },
        { progress: (d, t) => progress.push([d, t]) },
      );

      const measured: Record<string, { precision: number; recall: number }> = {};
      for (const [flag, behaviour] of planted) {
        const flagged = new Set(report.raters.filter((r) => r.flags.includes(flag)).map((r) => r.rater));
        const truth = new Set(
          Object.entries(sim.truth.raters)
            .filter(([, b]) => b === behaviour)
            .map(([id]) => id),
        );
        const truePositives = [...flagged].filter((id) => truth.has(id)).length;
        measured[flag] = {
          precision: flagged.size === 0 ? 0 : truePositives / flagged.size,
          recall: truePositives / truth.size,
        };
      }
      for (const [flag] of planted) {
        expect({
          flag,
          ...measured[flag],
          precisionOk: measured[flag].precision >= 0.9,
          recallOk: measured[flag].recall >= 0.9,
        }).toEqual(expect.objectContaining({ flag, precisionOk: true, recallOk: true }));
      }

      const trueOrder = Object.entries(sim.truth.models)
        .sort((a, b) => b[1] - a[1])
        .map(([name]) => name);
      expect(report.models.map((m) => m.name)).toEqual(trueOrder);
      expect(
        report.models.every((m) => m.group === 1 && m.se !== null && m.se >= 0 && Number.isFinite(m.strength)),
      ).toBe(true);
      expect(report.modelGroups).toHaveLength(1);
      expect(report.modelsNote).toBeNull();

      // progress: monotone, ends at total
      expect(progress.length).toBeGreaterThan(2);
      const total = progress[progress.length - 1][1];
      expect(progress[progress.length - 1][0]).toBe(total);
      expect(progress.every(([d], k) => k === 0 || d >= progress[k - 1][0])).toBe(true);
    },
  );

  it("lists the conflict group's contested tasks for review and reports coverage gaps against a target", () => {
    const sim = simulatePopulation({ raters: 200, comparisons: 20_000, seed: 11 });
    const report = buildQualityReport({
      comparisons: sim.comparisons,
      raters: sim.raters,
      targetProfile: {
        region: {
          'north-america': 0.2,
          europe: 0.2,
          'south-asia': 0.2,
          'east-asia': 0.2,
          'latin-america': 0.1,
          africa: 0.1,
        },
      },
    });
    const contested = new Set(sim.truth.contestedTasks);
    const listed = report.representation.groupDisagreements;
    expect(listed.length).toBeGreaterThan(0);
    expect(
      listed.filter((d) => d.group === sim.truth.conflictGroup && contested.has(d.taskId)).length / listed.length,
    ).toBeGreaterThan(0.9);
    const gaps = report.representation.coverage.gaps.map((g) => `${g.dimension}:${g.value}`);
    expect(gaps).toContain('region:africa');
    expect(report.representation.coverage.fit.region?.pValue).toBeLessThan(0.05);
  });

  it('is deterministic and stamps the given time, never the clock', () => {
    const sim = simulatePopulation({ raters: 30, comparisons: 2_000, seed: 5 });
    const a = buildQualityReport(
      { comparisons: sim.comparisons, raters: sim.raters },
      { generatedAt: '2026-04-01T00:00:00.000Z' },
    );
    const b = buildQualityReport(
      { comparisons: sim.comparisons, raters: sim.raters },
      { generatedAt: '2026-04-01T00:00:00.000Z' },
    );
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.generatedAt).toBe('2026-04-01T00:00:00.000Z');
  });

  it("gives each rater's first-win rate its Wilson interval over the decided judgments (ties left out)", () => {
    const sim = simulatePopulation({ raters: 30, comparisons: 2_000, seed: 5, positionBiased: 0.2 });
    const report = buildQualityReport({ comparisons: sim.comparisons, raters: sim.raters });
    for (const r of report.raters) {
      const own = sim.comparisons.filter((c) => c.raterId === r.rater);
      const decided = own.filter((c) => c.choice !== 'tie');
      const firstWins = decided.filter((c) => c.choice === c.shownOrder[0]).length;
      expect(r.firstWinDecided).toBe(decided.length);
      expect(r.firstWinCi).toEqual(wilsonInterval(firstWins, decided.length));
      expect(r.firstWinCi![0]).toBeLessThanOrEqual(r.firstWinRate!);
      expect(r.firstWinCi![1]).toBeGreaterThanOrEqual(r.firstWinRate!);
    }
  });

  it('lists low-confidence comparison ids on request', () => {
    const sim = simulatePopulation({ raters: 40, comparisons: 5_000, seed: 3 });
    const report = buildQualityReport(
      { comparisons: sim.comparisons, raters: sim.raters },
      { includeLowConfidenceIds: true },
    );
    expect(report.lowConfidenceIds).toHaveLength(report.totals.lowConfidence);
  });

  it('refuses a malformed comparison, naming the field', () => {
    const sim = simulatePopulation({ raters: 10, comparisons: 50, seed: 2 });
    const broken = sim.comparisons.map((c, i): ComparisonRecord => (i === 7 ? { ...c, choice: 'nobody' } : c));
    expect(() => buildQualityReport({ comparisons: broken, raters: sim.raters })).toThrow(ValidationError);
    expect(() => buildQualityReport({ comparisons: broken, raters: sim.raters })).toThrow(/comparisons\[7\]\.choice/);
    expect(() =>
      buildQualityReport({ comparisons: sim.comparisons, raters: sim.raters, thresholds: { alpha: -1 } }),
    ).toThrow(/thresholds\.alpha/);
  });
});
