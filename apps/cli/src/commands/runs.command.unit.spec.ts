import { detectOveroptimisation } from '@hindsight/training';
import type { RunView } from '@hindsight/training';
import type { RetrainRunItem } from '@hindsight/store';
import { listedRuns, renderRunLine, renderRunView } from './runs.command';

const training = Array.from({ length: 11 }, (_, i) => ({
  step: i * 100,
  meanReward: i / 10,
  kl: i / 2,
  objective: null,
}));
const humanEval = [0, 250, 500, 750, 1000].map((step, i) => ({
  step,
  winRate: [0.5, 0.6, 0.62, 0.55, 0.5][i],
  n: 100,
  objective: null,
  baseline: null,
}));
const view: RunView = {
  runId: 'ppo-7',
  status: null,
  trainer: null,
  klBudget: 4,
  curves: { training, humanEval },
  monitor: detectOveroptimisation(training, humanEval, { klBudget: 4 }),
};

describe('renderRunView', () => {
  it('draws the reward and the human win rate side by side, and KL against the budget', () => {
    const text = renderRunView(view, 20);
    const lines = text.split('\n');
    expect(lines[0]).toBe('run ppo-7');
    expect(lines[1]).toBe('monitor: flagged  flags: kl-over-budget, reward-hacking');
    const header = lines.find((l) => /^\s+mean reward/.test(l))!;
    expect(header).toMatch(/mean reward\s+human win rate/);
    const chartTop = lines[lines.indexOf(header) + 1];
    // Reward peaks at 1 on the right end of the left chart; the win rate axis tops out at its maximum, 0.62.
    expect(chartTop).toMatch(/^\s+1 \|\s+\*\s+0\.620 \|/);
    expect(text).toContain("KL to reference (budget 4, '-')");
    expect(text).toMatch(/-{20}/);
    expect(text).toContain('step 0');
  });

  it('says when there are no curves to draw', () => {
    const empty: RunView = {
      ...view,
      klBudget: null,
      curves: { training: [], humanEval: [] },
      monitor: detectOveroptimisation([], [], { klBudget: null }),
    };
    const text = renderRunView(empty, 20);
    expect(text).toContain('monitor: insufficient-data');
    expect(text.match(/no data/g)).toHaveLength(2);
    expect(text).not.toContain('KL to reference');
  });
});

describe('runs list', () => {
  const retrain = (runId: string, extra: Partial<RetrainRunItem> = {}): RetrainRunItem => ({
    runId,
    status: 'requested',
    startedBy: 'scheduler',
    trigger: { kind: 'policy', policyId: 'p', reason: 'cadence' },
    asOf: null,
    objectives: ['helpfulness'],
    recipe: null,
    period: '2026-Q4',
    requestedAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    trainerState: null,
    gateReport: null,
    failure: null,
    models: null,
    drift: null,
    ...extra,
  });
  const monitored = (runId: string) => ({
    runId,
    points: 21,
    lastStep: 2000,
    lastReportedAt: '2026-12-02T00:00:00.000Z',
    status: 'flagged' as const,
    flags: ['reward-hacking'],
  });

  it("lists every retrain run (the scheduler's too) with its monitor report, then the runs that only reported metrics", () => {
    const { runs } = listedRuns([retrain('run-b'), retrain('run-a')], [monitored('ppo-1'), monitored('run-a')]);
    expect(runs.map((r) => [r.runId, r.retrain !== null, r.monitor !== null])).toEqual([
      ['run-b', true, false],
      ['run-a', true, true],
      ['ppo-1', false, true],
    ]);
  });

  it('says who started a run, why, the drift behind it and why it failed', () => {
    const line = renderRunLine({
      runId: 'run-d',
      retrain: retrain('run-d', {
        status: 'failed',
        trigger: { kind: 'policy', policyId: 'p', reason: 'drift' },
        drift: { value: 0.42, threshold: 0.3, measuredAt: '2026-12-01T00:00:00.000Z' },
        failure: { stage: 'quality-gate', reasons: [{ code: 'too-few-comparisons', message: 'x' }] },
      }),
      monitor: null,
    });
    expect(line).toBe(
      'run-d  failed  requested 2026-12-01T00:00:00.000Z by scheduler (policy drift)  drift 0.42 >= 0.3  failed at quality-gate: too-few-comparisons',
    );
    expect(
      renderRunLine({
        runId: 'm',
        retrain: retrain('m', { startedBy: 'cli', trigger: { kind: 'manual', requestedBy: 'anna' } }),
        monitor: monitored('m'),
      }),
    ).toBe(
      'm  requested  requested 2026-12-01T00:00:00.000Z by cli (manual by anna)  monitor: flagged at step 2000 (21 points) [reward-hacking]',
    );
  });
});
