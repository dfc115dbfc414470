import { mulberry32 } from '@hindsight/reward-model';
import { bootstrapInterval } from '../agreement/bootstrap-interval';
import { cohenKappa } from '../agreement/cohen-kappa';
import { consensusByTask, type LabelledJudgment, type PairLabel } from './judge-labels';

/** The categories of every judge's kappa, fixed so a resample that lacks one still means the same. */
const CATEGORIES: readonly PairLabel[] = ['A', 'B', 'tie'];

export interface JudgeAgreementOptions {
  /** seed of the bootstrap's Mulberry32 generator; default 1 */
  readonly seed?: number;
  /** bootstrap resamples; default 1000 */
  readonly iterations?: number;
}

export interface JudgeAgreement {
  readonly rater: string;
  /** tasks with both a human consensus and a judge label: the units of the kappa */
  readonly tasks: number;
  /** Cohen's kappa of the judge's label against the human consensus; null when undefined (no unit, or one label only on both sides) */
  readonly kappa: number | null;
  /** 95 % percentile bootstrap interval over tasks (seeded); null without a kappa */
  readonly kappaCi: [number, number] | null;
  /** share of those tasks where the judge's label is the consensus */
  readonly percentAgreement: number | null;
}

/**
 * How far each judge agrees with human consensus, on the tasks both rated: the units are
 * tasks, the human side the plurality label of the people's judgments of the task ('A', 'B'
 * or 'tie' — the task left out when the top count is shared), the judge side the plurality of
 * the judge's own judgments of it (a judge usually judges a task once). Cohen's kappa over
 * those units with a percentile bootstrap interval over tasks, seeded, so the same input
 * gives the same interval. Judges are measured in the order given.
 *
 * @example
 * judgeAgreement(judgments, new Set(['judge-gpt']), { seed: 1 }); // [{ rater: 'judge-gpt', tasks: 412, kappa: 0.71, kappaCi: [0.64, 0.77], … }]
 */
export function judgeAgreement(
  judgments: readonly LabelledJudgment[],
  judges: readonly string[],
  options: JudgeAgreementOptions = {},
): JudgeAgreement[] {
  const judgeSet = new Set(judges);
  const human = consensusByTask(judgments, (rater) => !judgeSet.has(rater));
  return judges.map((judge) => {
    const own = consensusByTask(judgments, (rater) => rater === judge);
    const units: [PairLabel, PairLabel][] = [];
    // tasks in sorted order: the bootstrap draws by position, so the order must not depend on the input's
    for (const task of [...own.keys()].sort()) {
      const consensus = human.get(task);
      if (consensus !== undefined) units.push([own.get(task) as PairLabel, consensus]);
    }
    if (units.length === 0) return { rater: judge, tasks: 0, kappa: null, kappaCi: null, percentAgreement: null };
    const kappaOf = (sample: readonly (readonly [PairLabel, PairLabel])[]) =>
      cohenKappa(sample, { categories: CATEGORIES });
    const kappa = kappaOf(units);
    const agreed = units.filter(([j, h]) => j === h).length;
    const ci = Number.isFinite(kappa)
      ? bootstrapInterval(units, kappaOf, { random: mulberry32(options.seed ?? 1), iterations: options.iterations })
      : null;
    return {
      rater: judge,
      tasks: units.length,
      kappa: Number.isFinite(kappa) ? kappa : null,
      kappaCi: ci && Number.isFinite(ci[0]) ? ci : null,
      percentAgreement: agreed / units.length,
    };
  });
}
