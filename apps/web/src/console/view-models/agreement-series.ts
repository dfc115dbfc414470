import type { AgreementHistoryJson } from './api-types';

export interface AgreementPoint {
  readonly asOf: Date;
  readonly taskType: string;
  readonly kappa: number;
  readonly percentAgreement: number | null;
  readonly tasks: number;
  readonly lowAgreement: boolean;
}

/**
 * Agreement by task type over time: one point per (as-of instant, task type) with
 * a computable Fleiss' kappa, in time order. Each instant's values are the quality
 * report's `agreementByTaskType` as of that instant.
 *
 * @example
 * agreementSeries(history); // [{ asOf: 2026-07-08T…, taskType: 'coding', kappa: 0.41, … }, …]
 * @throws never.
 */
export function agreementSeries(history: AgreementHistoryJson): AgreementPoint[] {
  const points: AgreementPoint[] = [];
  for (const point of history.points) {
    const asOf = new Date(point.asOf);
    for (const a of point.agreementByTaskType) {
      if (a.kappa === null) continue;
      points.push({ asOf, taskType: a.taskType, kappa: a.kappa, percentAgreement: a.percentAgreement, tasks: a.tasks, lowAgreement: a.lowAgreement });
    }
  }
  return points.sort((x, y) => x.asOf.getTime() - y.asOf.getTime() || (x.taskType < y.taskType ? -1 : x.taskType > y.taskType ? 1 : 0));
}
