import type { TaskTypeAgreement } from '@hindsight/api-types';
import { chosenCanonical, type ComparisonIndex } from './comparison-index';
import type { TaskBuckets } from './group-by-task';

export type { TaskTypeAgreement } from '@hindsight/api-types';

/**
 * Inter-rater agreement per task type over the categories "prefers A", "prefers B"
 * and "tie" (A is the response with the smaller id, so the order shown does not
 * matter): mean pairwise agreement P̄ and Fleiss' kappa (P̄ − P̄e) / (1 − P̄e), with
 * the per-task P_i = Σ n_ij (n_ij − 1) / (n_i (n_i − 1)) allowing a different number
 * of raters per task. One pass over the task buckets.
 *
 * @example
 * agreementByTaskType(index, groupByTask(index)); // [{ taskType: 'coding', kappa: 0.52, lowAgreement: false, … }]
 * @throws never.
 */
export function agreementByTaskType(index: ComparisonIndex, buckets: TaskBuckets, minKappa = 0.4): TaskTypeAgreement[] {
  const types = index.taskTypes.length;
  const tasks = new Int32Array(types);
  const judgments = new Float64Array(types);
  const sumP = new Float64Array(types);
  const categories = new Float64Array(types * 3);
  const { start, order } = buckets;
  for (let t = 0; t < index.tasks.length; t++) {
    const n = start[t + 1] - start[t];
    if (n < 2) continue;
    let a = 0;
    let b = 0;
    let tie = 0;
    for (let k = start[t]; k < start[t + 1]; k++) {
      const c = chosenCanonical(index, order[k]);
      if (c === 0) a++;
      else if (c === 1) b++;
      else tie++;
    }
    const type = index.taskType[order[start[t]]];
    tasks[type]++;
    judgments[type] += n;
    sumP[type] += (a * (a - 1) + b * (b - 1) + tie * (tie - 1)) / (n * (n - 1));
    categories[3 * type] += a;
    categories[3 * type + 1] += b;
    categories[3 * type + 2] += tie;
  }
  return index.taskTypes.map((taskType, type) => {
    if (tasks[type] === 0)
      return { taskType, tasks: 0, judgments: 0, percentAgreement: null, kappa: null, lowAgreement: false };
    const pBar = sumP[type] / tasks[type];
    let pe = 0;
    for (let j = 0; j < 3; j++) pe += (categories[3 * type + j] / judgments[type]) ** 2;
    const kappa = pe < 1 ? (pBar - pe) / (1 - pe) : null;
    return {
      taskType,
      tasks: tasks[type],
      judgments: judgments[type],
      percentAgreement: pBar,
      kappa,
      lowAgreement: kappa !== null && kappa < minKappa,
    };
  });
}
