import { invalidInput } from '../agreement/invalid-input';
import { wilsonInterval } from '../distributions/wilson-interval';
import { detectLengthBias } from '../length-bias/detect-length-bias';
import { detectPositionBias } from '../position-bias/detect-position-bias';
import { detectGroupDisagreement } from '../representation/detect-group-disagreement';
import { measureCoverage } from '../representation/measure-coverage';
import { measureJudges } from '../judges/measure-judges';
import { agreementByTaskType } from './agreement-by-task-type';
import { agreementOverTime } from './agreement-over-time';
import { computeConsensus } from './compute-consensus';
import { detectSpammers } from './detect-spammers';
import { fitModelStrengths } from './fit-model-strengths';
import { groupByTask } from './group-by-task';
import { indexComparisons } from './index-comparisons';
import type {
  QualityReport,
  QualityReportInput,
  QualityReportOptions,
  QualityThresholds,
  RaterFlag,
  RaterReport,
} from './quality-report';

const DEFAULTS: Required<QualityThresholds> = {
  alpha: 0.05,
  minComparisons: 20,
  minFirstWinRate: 0.6,
  minRelativeLengthDifference: 0.1,
  minLengthEffect: 0.15,
  minLongerWinExcess: 0.1,
  minSurfaceExcess: 0.15,
  spammerDominantShare: 0.95,
  spammerMinPrecision: 0.58,
  spammerMaxAgreementLowerBound: 0.52,
  minRaterAgreement: 0.6,
  minTaskTypeKappa: 0.4,
  coverageTolerance: 0.05,
  groupMinRatings: 10,
  groupMinPerGroup: 3,
  judgeBootstrapSeed: 1,
  judgeBootstrapIterations: 1000,
};

const FLAGS: readonly RaterFlag[] = [
  'position-bias',
  'length-bias',
  'surface-bias',
  'spammer',
  'group-conflict',
  'low-agreement',
  'insufficient-data',
];
const ANALYSIS_STEPS = 6;

/**
 * The quality report of a set of pairwise judgments: per-rater flags (position
 * bias, length bias, surface bias, spammer, group conflict, low agreement,
 * insufficient data), Bradley–Terry strengths of the model versions (fitted without
 * spammers and low-confidence judgments), position-bias, length/surface-bias,
 * agreement-by-task-type and representation sections. Pure and deterministic: time
 * comes in as `options.generatedAt`. Every stage is a linear pass over typed arrays
 * (plus sorting of per-rater p-values), so a million judgments take seconds.
 *
 * A rater who answers constantly is flagged 'spammer' only: their constant answer
 * would also read as a position or length bias, but it carries no preference at all.
 *
 * @example
 * const report = buildQualityReport({ comparisons, raters, targetProfile }, { progress: (d, t) => log(d / t) });
 * report.raters.filter((r) => r.flags.includes('spammer'));
 * @throws ValidationError naming the offending field when a comparison, profile,
 *   target share or threshold is invalid.
 */
export function buildQualityReport(input: QualityReportInput, options: QualityReportOptions = {}): QualityReport {
  const fn = 'buildQualityReport';
  if (input === null || typeof input !== 'object') throw invalidInput(fn, 'input', 'must be an object');
  if (!Array.isArray(input.comparisons)) throw invalidInput(fn, 'input.comparisons', 'must be an array');
  if (!Array.isArray(input.raters)) throw invalidInput(fn, 'input.raters', 'must be an array');
  const th: Required<QualityThresholds> = { ...DEFAULTS, ...(input.thresholds ?? {}) };
  for (const [key, value] of Object.entries(th)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw invalidInput(fn, `input.thresholds.${key}`, 'must be a non-negative finite number');
  }
  // AI judges are measured against the people and never shape the people's sections.
  const judgeProfiles = input.raters.filter((p) => p?.kind === 'model');
  const judgeIds = new Set(judgeProfiles.map((p) => p.raterId));
  const comparisons =
    judgeIds.size === 0 ? input.comparisons : input.comparisons.filter((c) => !judgeIds.has(c?.raterId));
  const people = judgeIds.size === 0 ? input.raters : input.raters.filter((p) => !judgeIds.has(p.raterId));
  const n = comparisons.length;
  const total = 2 * n + ANALYSIS_STEPS;
  let done = 0;
  const advance = (by: number): void => {
    done += by;
    options.progress?.(done, total);
  };

  const index = indexComparisons(comparisons, {
    raters: people,
    progress: options.progress ? (d) => options.progress?.(d, total) : undefined,
  });
  done = n;
  const buckets = groupByTask(index);
  const position = detectPositionBias(
    index,
    { alpha: th.alpha, minFirstWinRate: th.minFirstWinRate, minDecided: th.minComparisons },
    buckets,
  );
  advance(n / ANALYSIS_STEPS + 1);
  const consensus = computeConsensus(index, buckets);
  advance(n / ANALYSIS_STEPS + 1);
  const spammers = detectSpammers(index, consensus, {
    maxDominantShare: th.spammerDominantShare,
    minPrecision: th.spammerMinPrecision,
    maxAgreementLowerBound: th.spammerMaxAgreementLowerBound,
    minComparisons: th.minComparisons,
    minRelativeDifference: th.minRelativeLengthDifference,
  });
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
    consensus,
  );
  advance(n / ANALYSIS_STEPS + 1);
  const groups = detectGroupDisagreement(index, buckets, {
    alpha: th.alpha,
    minRatings: th.groupMinRatings,
    minPerGroup: th.groupMinPerGroup,
  });
  const agreement = agreementByTaskType(index, buckets, th.minTaskTypeKappa);
  const agreementTrend = agreementOverTime(index, buckets, comparisons, th.minTaskTypeKappa);
  advance(n / ANALYSIS_STEPS + 1);

  // raters: flags
  const raterGroup = new Map(people.map((p) => [p.raterId, p.group]));
  const byFlag = Object.fromEntries(FLAGS.map((f) => [f, 0])) as Record<RaterFlag, number>;
  const raters = index.raters.map((rater, r): RaterReport => {
    const spam = spammers.byRater[r];
    const pos = position.byRater[r];
    const len = length.byRater[r];
    const flags: RaterFlag[] = [];
    if (spam.comparisons < th.minComparisons) flags.push('insufficient-data');
    if (spam.spammer) flags.push('spammer');
    if (spam.kind !== 'constant') {
      if (position.flaggedRaters.has(r)) flags.push('position-bias');
      if (length.flaggedRaters.has(r)) flags.push('length-bias');
      if (length.surfaceFlaggedRaters.has(r)) flags.push('surface-bias');
    }
    if (groups.flaggedRaters.has(r)) flags.push('group-conflict');
    if (!spam.spammer && spam.withConsensus >= th.minComparisons) {
      const upper = wilsonInterval(consensus.agreed[r], consensus.judged[r])[1];
      if (upper < th.minRaterAgreement) flags.push('low-agreement');
    }
    for (const f of flags) byFlag[f]++;
    return {
      rater,
      group: raterGroup.get(rater) ?? null,
      comparisons: spam.comparisons,
      flags,
      firstWinRate: pos.firstWinRate,
      firstWinDecided: pos.decided,
      firstWinCi: pos.ci,
      positionQValue: pos.qValue,
      longerWinRate: len.rate,
      lengthEffect: len.consensusTest?.excess ?? null,
      lengthQValue: len.consensusTest?.qValue ?? len.qValue,
      agreement: spam.agreement,
      consensusWeight: spam.weight,
      spammerKind: spam.kind,
    };
  });

  // low confidence: position-biased raters' and self-reversed judgments, plus spammers'
  const lowConfidence = position.lowConfidence;
  let lowCount = 0;
  for (let i = 0; i < index.size; i++) {
    if (spammers.flaggedRaters.has(index.rater[i])) lowConfidence[i] = 1;
    lowCount += lowConfidence[i];
  }
  const models = fitModelStrengths(index, lowConfidence);
  advance(n / ANALYSIS_STEPS + 1);

  const activity = new Map(index.raters.map((rater, r) => [rater, spammers.byRater[r].comparisons]));
  const coverage = measureCoverage(people, input.targetProfile ?? {}, {
    tolerance: th.coverageTolerance,
    activity,
  });
  advance(total - done);

  const report: QualityReport = {
    generatedAt: options.generatedAt ?? null,
    totals: {
      comparisons: n,
      raters: index.raters.length,
      profiles: people.length,
      judges: judgeProfiles.length,
      judgeComparisons: input.comparisons.length - n,
      tasks: index.tasks.length,
      lowConfidence: lowCount,
      byFlag,
    },
    thresholds: th,
    raters,
    models: models.models,
    modelGroups: models.groups,
    modelsNote: models.reason,
    positionBias: {
      overall: position.overall,
      byTaskType: position.byTaskType,
      byInterfaceVersion: position.byInterfaceVersion,
      reversals: position.reversals,
    },
    lengthBias: {
      baselineLongerWinRate: length.baseline,
      byObjective: length.byObjective,
      surface: length.surface.map((s) => ({ feature: s.feature, baseline: s.baseline, byObjective: s.byObjective })),
    },
    agreementByTaskType: agreement,
    agreementOverTime: agreementTrend,
    representation: {
      coverage,
      groupDisagreements: groups.disagreements,
      groupsInConflict: groups.byGroup,
      testedTasks: groups.testedTasks,
    },
    judges: measureJudges({
      comparisons: input.comparisons,
      judges: judgeProfiles.map((p) => ({
        raterId: p.raterId,
        modelId: p.modelId ?? null,
        promptVersion: p.promptVersion ?? null,
        constitutionVersion: p.constitutionVersion ?? null,
      })),
      outcomes: input.outcomes,
      thresholds: th,
      seed: th.judgeBootstrapSeed,
      iterations: th.judgeBootstrapIterations,
    }),
  };
  if (options.includeLowConfidenceIds) {
    const ids: string[] = [];
    for (let i = 0; i < index.size; i++) if (lowConfidence[i]) ids.push(index.ids[i]);
    return { ...report, lowConfidenceIds: ids };
  }
  return report;
}
