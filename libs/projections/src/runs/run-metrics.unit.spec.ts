import { planProjection } from '../plan-projection';
import { exampleRecordedAt, sealedExampleEvent } from '../testing/sealed-example-event';
import { runMetricOf, type RunMetricEvent } from './run-metrics';

const sealed = (type: RunMetricEvent['type']): RunMetricEvent =>
  sealedExampleEvent(type, '0190a000-0000-7000-8000-0000000000e1');

describe('runMetricOf', () => {
  it("files the trainer's report as a training metric, every field but the run and step as the metrics", () => {
    expect(runMetricOf(sealed('training.metrics.reported'))).toEqual({
      tenant: 'acme',
      recordedAt: exampleRecordedAt,
      eventId: '0190a000-0000-7000-8000-0000000000e1',
      runId: 'run-ppo-17',
      kind: 'training',
      step: 1000,
      metrics: { objective: 'helpfulness', meanReward: 1.84, kl: 3.2 },
    });
  });

  it("files the raters' report as a human-eval metric", () => {
    expect(runMetricOf(sealed('eval.human.reported'))).toMatchObject({
      runId: 'run-ppo-17',
      kind: 'human-eval',
      step: 1000,
      metrics: { winRate: 0.58, n: 400, baseline: 'policy@2026-01-01' },
    });
  });

  it('is what planProjection writes for both reports', () => {
    const events = (['eval.human.reported', 'training.metrics.reported'] as const).map(sealed);
    expect(planProjection(events).runMetrics.map((row) => row.kind)).toEqual(['human-eval', 'training']);
  });
});
