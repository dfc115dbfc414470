import { buildQualityReport, simulatePopulation } from '@hindsight/quality';
import { formatTable, renderQualityReport } from './render-report';
import type { TenantQualityReport } from './tenant-quality-report';

describe('renderQualityReport', () => {
  const sim = simulatePopulation({ raters: 60, comparisons: 10_000, seed: 7 });
  const report: TenantQualityReport = {
    tenant: 'acme',
    asOf: '2026-04-01T00:00:00.000Z',
    source: { stored: 10_000, skipped: { retracted: 0, 'not-pairwise': 0 }, profiles: 60 },
    ...buildQualityReport({ comparisons: sim.comparisons, raters: sim.raters }),
  };
  const text = renderQualityReport(report);

  it('prints every section', () => {
    for (const title of ['Quality report for acme as of 2026-04-01T00:00:00.000Z', 'Raters flagged', 'Position bias', 'Length bias', 'Agreement by task type', 'Representation', 'Model leaderboard']) {
      expect(text).toContain(title);
    }
  });

  it('lists each flagged rater with their flags and the models in rank order', () => {
    for (const r of report.raters.filter((x) => x.flags.includes('spammer'))) expect(text).toMatch(new RegExp(`${r.rater} .*spammer`));
    const board = text.slice(text.indexOf('Model leaderboard'));
    const positions = report.models.map((m) => board.indexOf(m.name));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('caps the rater table and says so', () => {
    expect(renderQualityReport(report, { maxRaters: 1 })).toMatch(/first 1 shown; --json for all/);
  });
});

describe('formatTable', () => {
  it('aligns text left and numbers right under a rule', () => {
    expect(formatTable(['name', 'n'], [['a', 5], ['bbb', 120]])).toBe('name    n\n────  ───\na       5\nbbb   120');
  });
});
