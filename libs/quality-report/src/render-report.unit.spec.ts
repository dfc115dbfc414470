import { buildQualityReport, plantJudges, simulatePopulation } from '@hindsight/quality';
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
    for (const title of [
      'Quality report for acme as of 2026-04-01T00:00:00.000Z',
      'Raters flagged',
      'Position bias',
      'Length bias',
      'Agreement by task type',
      'Representation',
      'Model leaderboard',
    ]) {
      expect(text).toContain(title);
    }
  });

  it('prints the AI judges with their kappa and biases only when there are some', () => {
    expect(text).not.toContain('AI judges');
    const planted = plantJudges(sim, {
      share: 0.3,
      judges: [{ raterId: 'judge-first', behaviour: 'position-biased' }],
    });
    const withJudge = renderQualityReport({
      ...report,
      ...buildQualityReport({
        comparisons: [...sim.comparisons, ...planted.comparisons],
        raters: [...sim.raters, ...planted.profiles],
      }),
    });
    expect(withJudge).toContain('by 1 AI judges (below)');
    expect(withJudge).toMatch(
      /AI judges against human consensus[\s\S]*judge-first +sim-judge-position-biased judge-prompt-1 .* bias \(first\)/,
    );
  });

  it('lists each flagged rater with their flags and the models in rank order', () => {
    for (const r of report.raters.filter((x) => x.flags.includes('spammer')))
      expect(text).toMatch(new RegExp(`${r.rater} .*spammer`));
    const board = text.slice(text.indexOf('Model leaderboard'));
    const positions = report.models.map((m) => board.indexOf(m.name));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('keeps the leaderboard when two versions met only each other once, ranks within groups and says which are not comparable', () => {
    const lone = {
      id: 'lone-1',
      taskId: 'lone-task',
      taskType: 'qa',
      objective: 'helpfulness',
      raterId: 'lone-rater',
      prompt: 'p',
      responses: [
        { id: 'a', text: 'one', modelVersion: 'x-2026.12' },
        { id: 'b', text: 'two', modelVersion: 'y-2026.12' },
      ] as const,
      shownOrder: ['a', 'b'] as const,
      choice: 'a',
      occurredAt: '2026-03-01T00:00:00Z',
    };
    const split: TenantQualityReport = {
      ...report,
      ...buildQualityReport({ comparisons: [...sim.comparisons, lone], raters: sim.raters }),
    };
    expect(split.modelGroups.map((g) => g.models.length)).toEqual([report.models.length, 1, 1]);
    const board = renderQualityReport(split).split('Model leaderboard')[1];
    expect(board).not.toContain('no fit');
    expect(board).toMatch(/^group +rank +model version +strength/m);
    expect(board).toMatch(/^ +1 +\d +\S+ +0\.000 +0\.000 /m);
    expect(board).toMatch(/^ +2 +– +x-2026\.12 +– +– +1 +0 +0$/m);
    expect(board).toContain('Not comparable across groups: strengths compare only within a group.');
    expect(board).toContain(
      `group 1 (${report.models.length} versions, strengths relative to ${split.modelGroups[0].reference}): no comparison with another group`,
    );
    expect(board).toContain('group 2 (x-2026.12: alone, no strength): won every comparison with group 3');
    expect(board).toContain('group 3 (y-2026.12: alone, no strength): lost every comparison with group 2');
  });

  it('caps the rater table and says so', () => {
    expect(renderQualityReport(report, { maxRaters: 1 })).toMatch(/first 1 shown; --json for all/);
  });
});

describe('formatTable', () => {
  it('aligns text left and numbers right under a rule', () => {
    expect(
      formatTable(
        ['name', 'n'],
        [
          ['a', 5],
          ['bbb', 120],
        ],
      ),
    ).toBe('name    n\n────  ───\na       5\nbbb   120');
  });
});
