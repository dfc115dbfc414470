import type { ComparisonIndex } from './comparison-index';

/** Comparisons bucketed by task: those of task t are `order[start[t] .. start[t+1])`. */
export interface TaskBuckets {
  readonly start: Int32Array;
  readonly order: Int32Array;
}

/**
 * Buckets comparison indices by task with a counting sort: O(n + tasks), stable
 * (within a task, comparisons keep their input order).
 *
 * @example
 * const { start, order } = groupByTask(index);
 * for (let k = start[t]; k < start[t + 1]; k++) visit(order[k]);
 * @throws never.
 */
export function groupByTask(index: ComparisonIndex): TaskBuckets {
  const tasks = index.tasks.length;
  const start = new Int32Array(tasks + 1);
  for (let i = 0; i < index.size; i++) start[index.task[i] + 1]++;
  for (let t = 0; t < tasks; t++) start[t + 1] += start[t];
  const cursor = start.slice(0, tasks);
  const order = new Int32Array(index.size);
  for (let i = 0; i < index.size; i++) order[cursor[index.task[i]]++] = i;
  return { start, order };
}
