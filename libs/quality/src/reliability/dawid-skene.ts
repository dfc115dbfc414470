import { invalidInput } from '../agreement/invalid-input';
import type { Annotation } from './annotation';

export interface DawidSkeneRater {
  readonly rater: string;
  /** how many labels the rater gave */
  readonly answers: number;
  /** confusion[k][l] = P(rater says classes[l] | true class classes[k]); rows sum to 1 */
  readonly confusion: number[][];
  /** P(rater's label is the true class) under the fitted model: Σ_k prior_k · confusion[k][k] */
  readonly accuracy: number;
}

export interface DawidSkeneTask {
  readonly task: string;
  /** the class with the highest posterior (ties: the earlier class) */
  readonly label: string;
  /** posterior[k] = P(true class is classes[k] | all labels) */
  readonly posterior: number[];
}

export interface DawidSkeneFit {
  /** the classes, in code-unit order */
  readonly classes: string[];
  /** estimated class priors, aligned with `classes` */
  readonly priors: number[];
  /** in order of first appearance in the input */
  readonly raters: DawidSkeneRater[];
  /** in order of first appearance in the input */
  readonly tasks: DawidSkeneTask[];
  /** EM iterations run (an E-step followed by an M-step) */
  readonly iterations: number;
  /** whether the largest posterior change fell below the tolerance */
  readonly converged: boolean;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Dawid & Skene (1979) expectation–maximisation for noisy labels: per-rater
 * confusion matrices, class priors and a posterior over the true class of every
 * task. Starts from the (soft) majority vote — each task's posterior is its
 * share of votes — then alternates M-step (priors and confusion matrices from
 * the posteriors, maximum likelihood, no smoothing) and E-step. With
 * `maxIterations: 0` the result is the majority vote with the matching
 * M-step, as in crowd-kit's `DawidSkene(n_iter=0)`. Deterministic; a rater who
 * labels a task twice contributes both labels.
 *
 * @example
 * dawidSkene([{ task: 't1', rater: 'a', label: 'yes' }, { task: 't1', rater: 'b', label: 'yes' }]);
 * // { classes: ['yes'], priors: [1], tasks: [{ task: 't1', label: 'yes', posterior: [1] }], ... }
 * @throws ValidationError when there are no annotations, a task, rater or label
 *   is not a non-empty string, maxIterations is not a non-negative integer, or
 *   tolerance is not positive.
 */
export function dawidSkene(
  annotations: readonly Annotation[],
  options: { maxIterations?: number; tolerance?: number } = {},
): DawidSkeneFit {
  const fn = 'dawidSkene';
  if (!Array.isArray(annotations) || annotations.length === 0)
    throw invalidInput(fn, 'annotations', 'must hold at least one annotation');
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-7;
  if (!Number.isInteger(maxIterations) || maxIterations < 0)
    throw invalidInput(fn, 'options.maxIterations', 'must be a non-negative integer');
  if (!(tolerance > 0)) throw invalidInput(fn, 'options.tolerance', 'must be a positive number');
  annotations.forEach((a, i) => {
    for (const key of ['task', 'rater', 'label'] as const) {
      if (typeof a[key] !== 'string' || a[key] === '')
        throw invalidInput(fn, `annotations[${i}].${key}`, 'must be a non-empty string');
    }
  });

  const taskIds: string[] = [];
  const raterIds: string[] = [];
  const taskIndex = new Map<string, number>();
  const raterIndex = new Map<string, number>();
  for (const a of annotations) {
    if (!taskIndex.has(a.task)) taskIndex.set(a.task, taskIds.push(a.task) - 1);
    if (!raterIndex.has(a.rater)) raterIndex.set(a.rater, raterIds.push(a.rater) - 1);
  }
  const classes = [...new Set(annotations.map((a) => a.label))].sort(compare);
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const K = classes.length;
  const answers = annotations.map((a) => ({
    task: taskIndex.get(a.task) as number,
    rater: raterIndex.get(a.rater) as number,
    label: classIndex.get(a.label) as number,
  }));

  // soft majority vote
  let posterior = taskIds.map(() => new Array<number>(K).fill(0));
  for (const a of answers) posterior[a.task][a.label] += 1;
  posterior = posterior.map((row) => {
    const total = row.reduce((s, x) => s + x, 0);
    return row.map((x) => x / total);
  });

  const mStep = (t: number[][]): { priors: number[]; confusion: number[][][] } => {
    const priors = new Array<number>(K).fill(0);
    for (const row of t) row.forEach((p, k) => (priors[k] += p / t.length));
    const counts = raterIds.map(() => classes.map(() => new Array<number>(K).fill(0)));
    for (const a of answers) for (let k = 0; k < K; k++) counts[a.rater][k][a.label] += t[a.task][k];
    const confusion = counts.map((matrix) =>
      matrix.map((row) => {
        const total = row.reduce((s, x) => s + x, 0);
        return total > 0 ? row.map((x) => x / total) : row.map(() => 1 / K);
      }),
    );
    return { priors, confusion };
  };

  const eStep = (priors: readonly number[], confusion: readonly number[][][]): number[][] => {
    const logs = taskIds.map(() => priors.map((p) => Math.log(p)));
    for (const a of answers) for (let k = 0; k < K; k++) logs[a.task][k] += Math.log(confusion[a.rater][k][a.label]);
    return logs.map((row) => {
      const max = Math.max(...row);
      // every class impossible (zeros in the confusion matrices): fall back on the priors
      if (max === -Infinity) return [...priors];
      const weights = row.map((x) => Math.exp(x - max));
      const total = weights.reduce((s, x) => s + x, 0);
      return weights.map((w) => w / total);
    });
  };

  let params = mStep(posterior);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    const next = eStep(params.priors, params.confusion);
    let change = 0;
    next.forEach((row, i) => row.forEach((p, k) => (change = Math.max(change, Math.abs(p - posterior[i][k])))));
    posterior = next;
    params = mStep(posterior);
    iterations++;
    if (change < tolerance) {
      converged = true;
      break;
    }
  }

  const given = raterIds.map(() => 0);
  for (const a of answers) given[a.rater]++;
  return {
    classes,
    priors: params.priors,
    raters: raterIds.map((rater, r) => ({
      rater,
      answers: given[r],
      confusion: params.confusion[r],
      accuracy: params.confusion[r].reduce((s, row, k) => s + params.priors[k] * row[k], 0),
    })),
    tasks: taskIds.map((task, i) => {
      let best = 0;
      for (let k = 1; k < K; k++) if (posterior[i][k] > posterior[i][best]) best = k;
      return { task, label: classes[best], posterior: posterior[i] };
    }),
    iterations,
    converged,
  };
}
