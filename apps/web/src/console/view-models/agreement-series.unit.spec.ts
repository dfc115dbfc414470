import { agreementSeries } from './agreement-series';

const row = (taskType: string, kappa: number | null) => ({
  taskType,
  tasks: 10,
  judgments: 30,
  percentAgreement: kappa === null ? null : 0.7,
  kappa,
  lowAgreement: kappa !== null && kappa < 0.4,
});

describe('agreementSeries', () => {
  it('gives one point per period and task type with a kappa, in time order', () => {
    const points = agreementSeries({
      period: 'week',
      points: [
        { start: '2026-09-28T00:00:00.000Z', agreementByTaskType: [row('qa', 0.5), row('coding', 0.3)] },
        { start: '2026-09-21T00:00:00.000Z', agreementByTaskType: [row('qa', 0.45), row('coding', null)] },
      ],
    });
    expect(points.map((p) => [p.start.toISOString().slice(0, 10), p.taskType, p.kappa, p.lowAgreement])).toEqual([
      ['2026-09-21', 'qa', 0.45, false],
      ['2026-09-28', 'coding', 0.3, true],
      ['2026-09-28', 'qa', 0.5, false],
    ]);
  });
});
