import { agreementByTaskType, type TaskTypeAgreement } from './agreement-by-task-type';
import type { ComparisonIndex } from './comparison-index';
import type { ComparisonRecord } from './comparison-record';
import type { TaskBuckets } from './group-by-task';

export interface AgreementOverTime {
  /** `week` (ISO weeks from Monday 00:00 UTC) when the judgments span at most 26 weeks, else `month` (UTC) */
  readonly period: 'week' | 'month';
  /** one point per period holding a task, in time order; a task counts in the period of its first judgment (by occurredAt) */
  readonly points: { readonly start: string; readonly agreementByTaskType: TaskTypeAgreement[] }[];
}

const WEEK_MS = 7 * 86_400_000;
const MAX_WEEKS = 26;

function periodStart(ms: number, period: 'week' | 'month'): number {
  const d = new Date(ms);
  if (period === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

/**
 * Agreement by task type over time: the tasks are split by the period (week, or
 * month for long histories) of their first judgment's `occurredAt`, and each
 * period's tasks get the same percent agreement and Fleiss' kappa as
 * `agreementByTaskType` (with all of each task's judgments, whenever made).
 * O(periods × tasks + comparisons).
 *
 * @example
 * agreementOverTime(index, buckets, comparisons).points[0]; // { start: '2026-06-29T00:00:00.000Z', agreementByTaskType: [{ taskType: 'coding', kappa: 0.52, … }] }
 * @throws never (the records were checked when the index was built).
 */
export function agreementOverTime(
  index: ComparisonIndex,
  buckets: TaskBuckets,
  comparisons: readonly ComparisonRecord[],
  minKappa = 0.4,
): AgreementOverTime {
  const tasks = index.tasks.length;
  const first = new Float64Array(tasks).fill(Infinity);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < index.size; i++) {
    const ms = Date.parse(comparisons[i].occurredAt);
    if (ms < first[index.task[i]]) first[index.task[i]] = ms;
    if (ms < lo) lo = ms;
    if (ms > hi) hi = ms;
  }
  const period: 'week' | 'month' = index.size === 0 || hi - lo <= MAX_WEEKS * WEEK_MS ? 'week' : 'month';
  const periodOf = new Float64Array(tasks);
  const starts = new Set<number>();
  for (let t = 0; t < tasks; t++) {
    periodOf[t] = periodStart(first[t], period);
    starts.add(periodOf[t]);
  }
  const points = [...starts]
    .sort((a, b) => a - b)
    .map((p) => {
      // the buckets of this period's tasks only: the others get empty ranges
      const start = new Int32Array(tasks + 1);
      const order: number[] = [];
      for (let t = 0; t < tasks; t++) {
        if (periodOf[t] === p)
          for (let k = buckets.start[t]; k < buckets.start[t + 1]; k++) order.push(buckets.order[k]);
        start[t + 1] = order.length;
      }
      return {
        start: new Date(p).toISOString(),
        agreementByTaskType: agreementByTaskType(index, { start, order: Int32Array.from(order) }, minKappa),
      };
    });
  return { period, points };
}
