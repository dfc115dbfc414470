import { invalidInput } from '../agreement/invalid-input';
import { pairLabel, pluralityLabel, type PairLabel } from '../judges/judge-labels';
import type { ComparisonRecord, RaterProfile } from '../report/comparison-record';
import { createSampler } from './sampler';
import type { SimulatedPopulation } from './simulation-types';

const FN = 'plantJudges';

/**
 * What a planted AI judge does on each task: `agreeing` picks the people's plurality response
 * with probability `agreement`; `position-biased` picks the response shown first with
 * probability `positionBias` and otherwise behaves as `agreeing`; `random` picks either
 * response with probability ½. Judges never tie.
 */
export type PlantedJudgeBehaviour = 'agreeing' | 'position-biased' | 'random';
export const PLANTED_JUDGE_BEHAVIOURS: readonly PlantedJudgeBehaviour[] = ['agreeing', 'position-biased', 'random'];

export interface PlantedJudge {
  readonly raterId: string;
  readonly behaviour: PlantedJudgeBehaviour;
  /** default `sim-judge-<behaviour>` */
  readonly modelId?: string;
  /** default `judge-prompt-1` */
  readonly promptVersion?: string;
}

export interface JudgeSimulationOptions {
  readonly judges: readonly PlantedJudge[];
  /** default 11 */
  readonly seed?: number;
  /** share of the population's tasks each judge judges; default 1 */
  readonly share?: number;
  /** an agreeing judge's probability of the people's choice; default 0.9 */
  readonly agreement?: number;
  /** a position-biased judge's probability of picking the first shown whatever the responses; default 0.7 */
  readonly positionBias?: number;
}

export interface PlantedJudges {
  /** the judges' profiles (`kind: 'model'`) */
  readonly profiles: RaterProfile[];
  /** one judgment per judge and judged task, after the population's comparisons in the array */
  readonly comparisons: ComparisonRecord[];
  readonly truth: Record<string, { readonly behaviour: PlantedJudgeBehaviour; readonly expectedFirstWinRate: number }>;
}

/**
 * Plants AI judges with a known behaviour into a simulated population, so the quality
 * report's judge measurements and a recipe's judge admission can be checked against truth.
 * Each judge judges a seeded share of the population's tasks (those with two responses),
 * once each, shown in a random order; the people's plurality choice of a task (a shared top
 * count, or a tie, means none: the judge then picks at random) is what an agreeing judge
 * follows. Deterministic for the population and the options. The judgment copies the task's
 * prompt, responses, type, objective and time from the task's first comparison.
 *
 * @example
 * const judges = plantJudges(simulatePopulation({ seed: 7 }), { judges: [{ raterId: 'judge-first', behaviour: 'position-biased' }] });
 * judges.truth['judge-first']; // { behaviour: 'position-biased', expectedFirstWinRate: 0.85 }
 * @throws ValidationError naming the option when a share or probability is outside [0, 1], a judge id repeats or is a person's.
 */
export function plantJudges(population: SimulatedPopulation, options: JudgeSimulationOptions): PlantedJudges {
  const share = probability(options.share, 1, 'options.share');
  const agreement = probability(options.agreement, 0.9, 'options.agreement');
  const positionBias = probability(options.positionBias, 0.7, 'options.positionBias');
  const people = new Set(population.raters.map((r) => r.raterId));
  const seen = new Set<string>();
  options.judges.forEach((j, k) => {
    if (typeof j?.raterId !== 'string' || j.raterId === '' || seen.has(j.raterId) || people.has(j.raterId))
      throw invalidInput(FN, `options.judges[${k}].raterId`, 'must be a new, unique rater id');
    if (!PLANTED_JUDGE_BEHAVIOURS.includes(j.behaviour))
      throw invalidInput(
        FN,
        `options.judges[${k}].behaviour`,
        `must be one of: ${PLANTED_JUDGE_BEHAVIOURS.join(', ')}`,
      );
    seen.add(j.raterId);
  });

  const tasks = new Map<string, { first: ComparisonRecord; labels: PairLabel[] }>();
  for (const c of population.comparisons) {
    const labels = tasks.get(c.taskId)?.labels ?? [];
    if (!tasks.has(c.taskId)) tasks.set(c.taskId, { first: c, labels });
    labels.push(pairLabel({ ...c, responseIds: [c.responses[0].id, c.responses[1].id] }));
  }

  const s = createSampler(options.seed ?? 11);
  const comparisons: ComparisonRecord[] = [];
  for (const judge of options.judges) {
    for (const [taskId, { first, labels }] of tasks) {
      if (s.next() >= share) continue;
      const [r0, r1] = first.responses;
      const [a, b] = r0.id < r1.id ? [r0, r1] : [r1, r0];
      const consensus = pluralityLabel(labels);
      const shown = s.next() < 0.5 ? [a, b] : [b, a];
      const follow = (): string =>
        consensus === 'A' || consensus === 'B'
          ? s.next() < agreement
            ? (consensus === 'A' ? a : b).id
            : (consensus === 'A' ? b : a).id
          : (s.next() < 0.5 ? a : b).id;
      const choice =
        judge.behaviour === 'random'
          ? (s.next() < 0.5 ? a : b).id
          : judge.behaviour === 'position-biased' && s.next() < positionBias
            ? shown[0].id
            : follow();
      comparisons.push({
        id: `${judge.raterId}:${taskId}`,
        taskId,
        taskType: first.taskType,
        objective: first.objective,
        raterId: judge.raterId,
        guidelineVersion: first.guidelineVersion,
        interfaceVersion: first.interfaceVersion,
        prompt: first.prompt,
        responses: [first.responses[0], first.responses[1]],
        shownOrder: [shown[0].id, shown[1].id],
        choice,
        occurredAt: first.occurredAt,
      });
    }
  }
  return {
    profiles: options.judges.map((j) => ({
      raterId: j.raterId,
      expertise: 'unknown',
      languages: ['en'],
      region: 'unknown',
      group: 'no-group',
      kind: 'model' as const,
      modelId: j.modelId ?? `sim-judge-${j.behaviour}`,
      promptVersion: j.promptVersion ?? 'judge-prompt-1',
      constitutionVersion: null,
    })),
    comparisons,
    truth: Object.fromEntries(
      options.judges.map((j) => [
        j.raterId,
        {
          behaviour: j.behaviour,
          expectedFirstWinRate: j.behaviour === 'position-biased' ? positionBias + (1 - positionBias) / 2 : 0.5,
        },
      ]),
    ),
  };
}

function probability(value: number | undefined, fallback: number, path: string): number {
  const v = value ?? fallback;
  if (!(typeof v === 'number' && v >= 0 && v <= 1)) throw invalidInput(FN, path, 'must be a probability in [0, 1]');
  return v;
}
