import { wilsonInterval } from '../distributions/wilson-interval';
import { detectLengthBias } from '../length-bias/detect-length-bias';
import { detectPositionBias } from '../position-bias/detect-position-bias';
import { TIE, type ComparisonRecord } from '../report/comparison-record';
import { computeConsensus } from '../report/compute-consensus';
import { groupByTask } from '../report/group-by-task';
import { indexComparisons } from '../report/index-comparisons';
import type { QualityThresholds } from '../report/quality-report';
import { judgeAgreement } from './judge-kappa';

/** A model rater (`rater.profiled` v2 with `kind: model`). */
export interface JudgeProfile {
  readonly raterId: string;
  readonly modelId: string | null;
  readonly promptVersion: string | null;
  readonly constitutionVersion: string | null;
}

/** One AI judge measured against the people and, where they exist, against outcomes. */
export interface JudgeReport {
  readonly rater: string;
  readonly modelId: string | null;
  readonly promptVersion: string | null;
  readonly constitutionVersion: string | null;
  readonly comparisons: number;
  /** tasks with both a human consensus and a judge label */
  readonly tasks: number;
  /** Cohen's kappa against human consensus on those tasks; null when undefined */
  readonly kappa: number | null;
  readonly kappaCi: [number, number] | null;
  readonly percentAgreement: number | null;
  readonly positionBias: {
    readonly firstWinRate: number | null;
    readonly decided: number;
    readonly ci: [number, number] | null;
    readonly qValue: number | null;
    readonly flagged: boolean;
    readonly favours: 'first' | 'second' | null;
  };
  readonly lengthBias: {
    readonly longerWinRate: number | null;
    /** the judge's longer-wins gap over the human consensus's, beyond the median rater's */
    readonly effect: number | null;
    readonly qValue: number | null;
    readonly flagged: boolean;
  };
  /** pairs whose two responses are interactions with opposite `success` outcomes: how often the judge picked the one that succeeded; null when there are none */
  readonly outcomes: {
    readonly pairs: number;
    readonly agreed: number;
    readonly rate: number;
    readonly ci: [number, number];
  } | null;
}

export interface MeasureJudgesInput {
  /** every judgment: people's and judges' */
  readonly comparisons: readonly ComparisonRecord[];
  readonly judges: readonly JudgeProfile[];
  /** the latest boolean outcome of an interaction, by interaction id (= a response id when a comparison pits logged responses) */
  readonly outcomes?: ReadonlyMap<string, boolean>;
  readonly thresholds: Required<QualityThresholds>;
  /** bootstrap seed and resamples of the kappa interval; default 1 and 1000 */
  readonly seed?: number;
  readonly iterations?: number;
}

/**
 * The `judges` section of the quality report: per model judge (sorted by rater id), its
 * Cohen's kappa against human consensus with a seeded bootstrap interval
 * (`judgeAgreement`), its position and length bias by the report's own detectors run over
 * the people's judgments plus this judge's (so the length effect is relative to the human
 * consensus and the tests share the report's thresholds), and its agreement with outcomes.
 * Judges never enter each other's measurements. Pure and deterministic.
 *
 * @example
 * measureJudges({ comparisons, judges, thresholds }).map((j) => [j.rater, j.kappa]);
 */
export function measureJudges(input: MeasureJudgesInput): JudgeReport[] {
  const judges = [...input.judges].sort((a, b) => (a.raterId < b.raterId ? -1 : a.raterId > b.raterId ? 1 : 0));
  const judgeIds = new Set(judges.map((j) => j.raterId));
  const human = input.comparisons.filter((c) => !judgeIds.has(c.raterId));
  const agreement = judgeAgreement(
    input.comparisons.map((c) => ({
      taskId: c.taskId,
      raterId: c.raterId,
      responseIds: [c.responses[0].id, c.responses[1].id] as const,
      choice: c.choice,
    })),
    judges.map((j) => j.raterId),
    { seed: input.seed, iterations: input.iterations },
  );
  const th = input.thresholds;
  return judges.map((judge, k): JudgeReport => {
    const own = input.comparisons.filter((c) => c.raterId === judge.raterId);
    const index = indexComparisons([...human, ...own]);
    const r = index.raters.indexOf(judge.raterId);
    const buckets = groupByTask(index);
    const position = detectPositionBias(
      index,
      { alpha: th.alpha, minFirstWinRate: th.minFirstWinRate, minDecided: th.minComparisons },
      buckets,
    );
    const length = detectLengthBias(
      index,
      {
        alpha: th.alpha,
        minRelativeDifference: th.minRelativeLengthDifference,
        minExcess: th.minLongerWinExcess,
        minSurfaceExcess: th.minSurfaceExcess,
        minDecided: th.minComparisons,
        minConsensusEffect: th.minLengthEffect,
      },
      computeConsensus(index, buckets),
    );
    const pos = r >= 0 ? position.byRater[r] : null;
    const len = r >= 0 ? length.byRater[r] : null;
    return {
      rater: judge.raterId,
      modelId: judge.modelId,
      promptVersion: judge.promptVersion,
      constitutionVersion: judge.constitutionVersion,
      comparisons: own.length,
      tasks: agreement[k].tasks,
      kappa: agreement[k].kappa,
      kappaCi: agreement[k].kappaCi,
      percentAgreement: agreement[k].percentAgreement,
      positionBias: {
        firstWinRate: pos?.firstWinRate ?? null,
        decided: pos?.decided ?? 0,
        ci: pos?.ci ?? null,
        qValue: pos?.qValue ?? null,
        flagged: r >= 0 && position.flaggedRaters.has(r),
        favours: pos?.favours ?? null,
      },
      lengthBias: {
        longerWinRate: len?.rate ?? null,
        effect: len?.consensusTest?.excess ?? null,
        qValue: len?.consensusTest?.qValue ?? len?.qValue ?? null,
        flagged: r >= 0 && length.flaggedRaters.has(r),
      },
      outcomes: outcomeAgreement(own, input.outcomes),
    };
  });
}

function outcomeAgreement(
  own: readonly ComparisonRecord[],
  outcomes?: ReadonlyMap<string, boolean>,
): JudgeReport['outcomes'] {
  if (!outcomes || outcomes.size === 0) return null;
  let pairs = 0;
  let agreed = 0;
  for (const c of own) {
    if (c.choice === TIE) continue;
    const [a, b] = c.responses;
    const sa = outcomes.get(a.id);
    const sb = outcomes.get(b.id);
    if (sa === undefined || sb === undefined || sa === sb) continue;
    pairs++;
    if (c.choice === (sa ? a.id : b.id)) agreed++;
  }
  if (pairs === 0) return null;
  return { pairs, agreed, rate: agreed / pairs, ci: wilsonInterval(agreed, pairs) };
}
