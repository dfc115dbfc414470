import { driftSeries } from './drift-series';

const reading = (
  policyId: string,
  measuredAt: string,
  value: number,
  threshold: number | null,
  runId: string | null = null,
  of: { objective: string | null; surface: string | null } = { objective: null, surface: null },
) => ({
  eventId: `${policyId}-${measuredAt}`,
  policyId,
  objectives: ['helpfulness'],
  ...of,
  since: '2026-07-01T00:00:00.000Z',
  windowFrom: null,
  lengthDrift: null,
  localeMixDrift: null,
  samples: null,
  value,
  threshold,
  measure: 'prompt-js-bits',
  runId,
  measuredAt,
});

describe('driftSeries', () => {
  it('orders the readings in time and keeps the last threshold of each policy', () => {
    const series = driftSeries([
      reading('p1', '2026-10-03T00:00:00.000Z', 0.35, 0.3, 'run-9'),
      reading('p2', '2026-10-02T00:00:00.000Z', 0.05, null),
      reading('p1', '2026-10-01T00:00:00.000Z', 0.1, 0.25),
    ]);
    expect(series.points.map((p) => [p.policyId, p.value, p.runId])).toEqual([
      ['p1', 0.1, null],
      ['p2', 0.05, null],
      ['p1', 0.35, 'run-9'],
    ]);
    expect(series.thresholds).toEqual([{ series: 'p1', threshold: 0.3 }]);
  });

  it('draws one line per policy and objective, without the per-surface breakdown', () => {
    const series = driftSeries([
      reading('p1', '2026-10-02T00:00:00.000Z', 0.6, 0.3, null, { objective: 'honesty', surface: 'chat' }),
      reading('p1', '2026-10-02T00:00:00.000Z', 0.4, 0.3, 'run-3', { objective: 'honesty', surface: null }),
      reading('p1', '2026-10-02T00:00:00.000Z', 0.1, 0.3, null, { objective: 'helpfulness', surface: null }),
    ]);
    expect(series.points.map((p) => [p.series, p.value, p.runId])).toEqual([
      ['p1 · helpfulness', 0.1, null],
      ['p1 · honesty', 0.4, 'run-3'],
    ]);
    expect(series.thresholds.map((t) => t.series)).toEqual(['p1 · helpfulness', 'p1 · honesty']);
  });
});
