import type { AgreementOverTimeJson } from './api-types';

export interface AgreementPoint {
  /** start of the period (week or month) of the tasks' first judgment */
  readonly start: Date;
  readonly taskType: string;
  readonly kappa: number;
  readonly percentAgreement: number | null;
  readonly tasks: number;
  readonly lowAgreement: boolean;
}

/**
 * Agreement by task type over time: one point per (period, task type) with a
 * computable Fleiss' kappa, in time order, from the report's `agreementOverTime`.
 *
 * @example
 * agreementSeries(report.agreementOverTime); // [{ start: 2026-06-29T00:00Z, taskType: 'coding', kappa: 0.41, … }, …]
 * @throws never.
 */
export function agreementSeries(overTime: AgreementOverTimeJson): AgreementPoint[] {
  const points: AgreementPoint[] = [];
  for (const point of overTime.points) {
    const start = new Date(point.start);
    for (const a of point.agreementByTaskType) {
      if (a.kappa === null) continue;
      points.push({
        start,
        taskType: a.taskType,
        kappa: a.kappa,
        percentAgreement: a.percentAgreement,
        tasks: a.tasks,
        lowAgreement: a.lowAgreement,
      });
    }
  }
  return points.sort(
    (x, y) => x.start.getTime() - y.start.getTime() || (x.taskType < y.taskType ? -1 : x.taskType > y.taskType ? 1 : 0),
  );
}
