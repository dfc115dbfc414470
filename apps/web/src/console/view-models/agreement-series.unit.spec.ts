import { agreementSeries } from './agreement-series';

const row = (taskType: string, kappa: number | null) => ({ taskType, tasks: 10, judgments: 30, percentAgreement: kappa === null ? null : 0.7, kappa, lowAgreement: kappa !== null && kappa < 0.4 });

describe('agreementSeries', () => {
  it('gives one point per instant and task type with a kappa, in time order', () => {
    const points = agreementSeries({
      asOf: '2026-09-30T00:00:00.000Z',
      minKappa: 0.4,
      points: [
        { asOf: '2026-09-30T00:00:00.000Z', comparisons: 200, agreementByTaskType: [row('qa', 0.5), row('coding', 0.3)] },
        { asOf: '2026-08-31T00:00:00.000Z', comparisons: 100, agreementByTaskType: [row('qa', 0.45), row('coding', null)] },
      ],
    });
    expect(points.map((p) => [p.asOf.toISOString().slice(0, 10), p.taskType, p.kappa, p.lowAgreement])).toEqual([
      ['2026-08-31', 'qa', 0.45, false],
      ['2026-09-30', 'coding', 0.3, true],
      ['2026-09-30', 'qa', 0.5, false],
    ]);
  });
});
