import { invalidInput } from '../agreement/invalid-input';
import { benjaminiHochberg } from '../distributions/benjamini-hochberg';
import { fisherExactTest } from '../distributions/fisher-exact-test';
import type { ComparisonIndex } from '../report/comparison-index';
import type { TaskBuckets } from '../report/group-by-task';

export interface GroupDisagreementOptions {
  /** false-discovery rate over all (task, group) tests; default 0.05 */
  readonly alpha?: number;
  /** tasks with fewer decided judgments are not tested; default 10 */
  readonly minRatings?: number;
  /** a group (and the rest) needs at least this many decided judgments on the task; default 3 */
  readonly minPerGroup?: number;
  /** a rater is flagged 'group-conflict' after siding with their group on this many flagged tasks; default 2 */
  readonly minConflictTasks?: number;
}

export interface GroupDisagreement {
  readonly taskId: string;
  readonly taskType: string;
  readonly group: string;
  /** decided judgments for response A and B (canonical: the smaller response id is A) */
  readonly groupVotes: { readonly a: number; readonly b: number };
  readonly restVotes: { readonly a: number; readonly b: number };
  /** Fisher's exact test, group versus everyone else */
  readonly pValue: number;
  readonly qValue: number;
}

export interface GroupDisagreementResult {
  readonly testedTasks: number;
  readonly tests: number;
  /** significant disagreements, most significant first: the pairs to review */
  readonly disagreements: GroupDisagreement[];
  /** per group, how many tasks it significantly disagrees on */
  readonly byGroup: { readonly group: string; readonly tasks: number }[];
  readonly flaggedRaters: Set<number>;
}

/**
 * Pairs (tasks) on which a rater group disagrees with everyone else: for every task
 * with at least `minRatings` decided judgments and every group with at least
 * `minPerGroup` of them (and as many outside it), Fisher's exact test of the group's
 * A/B split against the rest's, with Benjamini–Hochberg over all tests. Raters who
 * side with their group on at least `minConflictTasks` flagged tasks are flagged.
 * Linear in the comparisons (per task, work is proportional to its judgments).
 *
 * @example
 * detectGroupDisagreement(index, groupByTask(index)).disagreements[0];
 * // { taskId: 'task-0000042', group: 'cohort-e', groupVotes: { a: 0, b: 6 }, restVotes: { a: 21, b: 3 }, … }
 * @throws ValidationError when an option is out of range.
 */
export function detectGroupDisagreement(
  index: ComparisonIndex,
  buckets: TaskBuckets,
  options: GroupDisagreementOptions = {},
): GroupDisagreementResult {
  const fn = 'detectGroupDisagreement';
  const alpha = options.alpha ?? 0.05;
  const minRatings = options.minRatings ?? 10;
  const minPerGroup = options.minPerGroup ?? 3;
  const minConflictTasks = options.minConflictTasks ?? 2;
  if (!(alpha > 0 && alpha < 1)) throw invalidInput(fn, 'options.alpha', 'must lie strictly between 0 and 1');
  if (!Number.isInteger(minRatings) || minRatings < 2)
    throw invalidInput(fn, 'options.minRatings', 'must be an integer ≥ 2');
  if (!Number.isInteger(minPerGroup) || minPerGroup < 1)
    throw invalidInput(fn, 'options.minPerGroup', 'must be a positive integer');
  if (!Number.isInteger(minConflictTasks) || minConflictTasks < 1)
    throw invalidInput(fn, 'options.minConflictTasks', 'must be a positive integer');

  const { start, order } = buckets;
  const nGroups = index.groups.length;
  const votes = new Int32Array(nGroups * 2);
  const touched: number[] = [];
  const candidates: { task: number; group: number; ga: number; gb: number; ra: number; rb: number; p: number }[] = [];
  let testedTasks = 0;
  for (let t = 0; t < index.tasks.length; t++) {
    let decided = 0;
    for (let k = start[t]; k < start[t + 1]; k++) {
      const i = order[k];
      if (index.choice[i] === 2) continue;
      const chosenA = (index.choice[i] === 0) === (index.firstIsA[i] === 1);
      const g = index.group[i];
      if (votes[2 * g] === 0 && votes[2 * g + 1] === 0) touched.push(g);
      votes[2 * g + (chosenA ? 0 : 1)]++;
      decided++;
    }
    if (decided >= minRatings && touched.length >= 2) {
      testedTasks++;
      let totalA = 0;
      for (const g of touched) totalA += votes[2 * g];
      for (const g of touched) {
        const ga = votes[2 * g];
        const gb = votes[2 * g + 1];
        const ra = totalA - ga;
        const rb = decided - totalA - gb;
        if (ga + gb < minPerGroup || ra + rb < minPerGroup) continue;
        candidates.push({
          task: t,
          group: g,
          ga,
          gb,
          ra,
          rb,
          p: fisherExactTest([
            [ga, gb],
            [ra, rb],
          ]),
        });
      }
    }
    for (const g of touched) {
      votes[2 * g] = 0;
      votes[2 * g + 1] = 0;
    }
    touched.length = 0;
  }

  const q = benjaminiHochberg(candidates.map((c) => c.p));
  const flagged = candidates
    .map((c, k) => ({ ...c, q: q[k] }))
    .filter((c) => c.q <= alpha)
    .sort((a, b) => a.q - b.q || a.task - b.task);

  // raters siding with their group's majority on flagged tasks
  const sided = new Int32Array(index.raters.length);
  for (const c of flagged) {
    const groupPrefersA = c.ga > c.gb;
    if (c.ga === c.gb) continue;
    for (let k = start[c.task]; k < start[c.task + 1]; k++) {
      const i = order[k];
      if (index.group[i] !== c.group || index.choice[i] === 2) continue;
      const chosenA = (index.choice[i] === 0) === (index.firstIsA[i] === 1);
      if (chosenA === groupPrefersA) sided[index.rater[i]]++;
    }
  }
  const flaggedRaters = new Set<number>();
  sided.forEach((count, r) => count >= minConflictTasks && flaggedRaters.add(r));

  const perGroup = new Int32Array(nGroups);
  for (const c of flagged) perGroup[c.group]++;
  return {
    testedTasks,
    tests: candidates.length,
    disagreements: flagged.map((c) => ({
      taskId: index.tasks[c.task],
      taskType: index.taskTypes[index.taskType[order[start[c.task]]]],
      group: index.groups[c.group],
      groupVotes: { a: c.ga, b: c.gb },
      restVotes: { a: c.ra, b: c.rb },
      pValue: c.p,
      qValue: c.q,
    })),
    byGroup: index.groups
      .map((group, g) => ({ group, tasks: perGroup[g] }))
      .filter((x) => x.tasks > 0)
      .sort((a, b) => b.tasks - a.tasks),
    flaggedRaters,
  };
}
