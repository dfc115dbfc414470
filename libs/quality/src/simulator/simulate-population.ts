import { invalidInput } from '../agreement/invalid-input';
import { TIE, type ComparisonRecord, type RaterProfile } from '../report/comparison-record';
import { responseText, SIMULATED_TASK_TYPES } from './response-text';
import { createSampler, type Sampler } from './sampler';
import type { OpposedGroups, PlantedBehaviour, SimulatedPopulation, SimulationOptions } from './simulation-types';

const FN = 'simulatePopulation';
const OBJECTIVES = ['helpfulness', 'harmlessness', 'honesty'];
const EXPERTISE = ['novice', 'intermediate', 'expert'];
const EXPERTISE_WEIGHTS = [0.5, 0.35, 0.15];
const REGIONS = ['north-america', 'europe', 'south-asia', 'east-asia', 'latin-america', 'africa'];
const REGION_WEIGHTS = [0.4, 0.25, 0.15, 0.1, 0.07, 0.03];
const LANGUAGES = ['en', 'es', 'de', 'fr', 'hi', 'zh', 'pt', 'sw'];
const GROUPS = ['cohort-a', 'cohort-b', 'cohort-c', 'cohort-d'];
const CONFLICT_GROUP = 'cohort-e';
const DEFAULT_MODELS = ['policy-2025.09', 'policy-2025.10', 'policy-2025.11', 'policy-2025.12'];

interface SimRater {
  readonly profile: RaterProfile;
  readonly behaviour: PlantedBehaviour;
  readonly sharpness: number;
  readonly bias: number;
  readonly spamMode: 'first' | 'second' | 'tie' | 'random';
  readonly interfaceVersion: string;
  /** In the second of the opposed groups: reverses on the contested task types. */
  readonly opposing: boolean;
}

interface SimResponse {
  readonly id: string;
  readonly text: string;
  readonly modelVersion: string;
  readonly quality: number;
}

const weighted = (s: Sampler, items: readonly string[], weights: readonly number[]): string => {
  let u = s.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    u -= weights[i];
    if (u < 0) return items[i];
  }
  return items[items.length - 1];
};

function share(value: number | undefined, fallback: number, path: string): number {
  const v = value ?? fallback;
  if (!(v >= 0 && v <= 1)) throw invalidInput(FN, path, 'must be a share in [0, 1]');
  return v;
}

function makeRaters(
  s: Sampler,
  count: number,
  shares: Record<Exclude<PlantedBehaviour, 'none'>, number>,
  biasRange: readonly [number, number],
  opposed: OpposedGroups | undefined,
): SimRater[] {
  const behaviours: PlantedBehaviour[] = [];
  for (const [behaviour, fraction] of Object.entries(shares) as [PlantedBehaviour, number][]) {
    for (let k = 0; k < Math.round(fraction * count); k++) behaviours.push(behaviour);
  }
  if (behaviours.length > count) throw invalidInput(FN, 'options', 'planted shares must add up to at most 1');
  while (behaviours.length < count) behaviours.push('none');
  s.shuffle(behaviours);
  const width = String(count).length;
  return behaviours.map((behaviour, k): SimRater => {
    const languages = new Set<string>(s.next() < 0.85 ? ['en'] : []);
    const extra = s.int(3);
    for (let j = 0; j < extra || languages.size === 0; j++) languages.add(s.pick(LANGUAGES));
    const expertise = weighted(s, EXPERTISE, EXPERTISE_WEIGHTS);
    const region = weighted(s, REGIONS, REGION_WEIGHTS);
    // Drawn only when planted, so the populations of every other option stay as they were for a seed.
    const side = opposed ? s.int(2) : -1;
    return {
      profile: {
        raterId: `rater-${String(k + 1).padStart(width, '0')}`,
        expertise,
        languages: [...languages].sort(),
        region,
        group: opposed ? opposed.groups[side] : behaviour === 'group-conflict' ? CONFLICT_GROUP : s.pick(GROUPS),
      },
      opposing: side === 1,
      behaviour,
      sharpness: s.between(2.5, 4),
      bias: s.between(biasRange[0], biasRange[1]),
      spamMode: s.next() < 0.5 ? 'random' : s.pick(['first', 'second', 'tie'] as const),
      interfaceVersion: s.next() < 0.5 ? 'annotator-ui-1' : 'annotator-ui-2',
    };
  });
}

/** 0 = first shown, 1 = second shown, 2 = tie */
function decide(
  s: Sampler,
  rater: SimRater,
  first: SimResponse,
  second: SimResponse,
  contested: boolean,
  contestedType: boolean,
): number {
  if (rater.behaviour === 'spammer') {
    if (rater.spamMode === 'first') return 0;
    if (rater.spamMode === 'second') return 1;
    if (rater.spamMode === 'tie') return 2;
    return s.next() < 0.02 ? 2 : s.int(2);
  }
  if (rater.behaviour === 'position-bias' && s.next() < rater.bias) return 0;
  if (rater.behaviour === 'length-bias') {
    const l1 = first.text.length;
    const l2 = second.text.length;
    if (Math.abs(l1 - l2) / Math.max(l1, l2) >= 0.1 && s.next() < rater.bias) return l1 > l2 ? 0 : 1;
  }
  let d = first.quality - second.quality;
  if (rater.behaviour === 'group-conflict' && contested) d = -d;
  if (rater.opposing && contestedType) d = -d;
  if (Math.abs(d) < 0.2 && s.next() < 0.15) return 2;
  return s.next() < 1 / (1 + Math.exp(-rater.sharpness * d)) ? 0 : 1;
}

/**
 * A pure, seeded generator of a rater population and its pairwise judgments, with
 * planted behaviours to test the detectors against. Honest raters prefer by a
 * Bradley–Terry/logit model on the responses' latent quality (model strength plus
 * per-response noise) with a per-rater sharpness; position-biased raters pick the
 * first shown with extra probability; length-biased raters pick the longer; spammers
 * answer constantly (first, second or tie) or at random; group-conflict raters form
 * one group that reverses its preference on contested tasks. Ordinary tasks are
 * rated by `overlap` raters (chosen by activity), audit tasks by `auditPerGroup`
 * raters of every group; a share of tasks is shown in both orders and some are seen
 * twice by one rater. Response length correlates mildly with quality. Comparisons
 * come sorted by `occurredAt`, spread uniformly between `start` and `end`.
 *
 * @example
 * const { raters, comparisons, truth } = simulatePopulation({ raters: 200, comparisons: 50_000, seed: 7 });
 * truth.raters['rater-017']; // 'position-bias'
 * @throws ValidationError when a count is not a positive integer, a share is outside
 *   [0, 1], the planted shares exceed 1, fewer than two model versions are given, or
 *   the time bounds are not increasing ISO-8601 timestamps.
 */
export function simulatePopulation(options: SimulationOptions = {}): SimulatedPopulation {
  const raterCount = options.raters ?? 200;
  const total = options.comparisons ?? 50_000;
  const seed = options.seed ?? 7;
  const overlap = options.overlap ?? 3;
  const auditPerGroup = options.auditPerGroup ?? 6;
  if (!Number.isInteger(raterCount) || raterCount < 2)
    throw invalidInput(FN, 'options.raters', 'must be an integer ≥ 2');
  if (!Number.isInteger(total) || total < 1)
    throw invalidInput(FN, 'options.comparisons', 'must be a positive integer');
  if (!Number.isInteger(overlap) || overlap < 1 || overlap > raterCount)
    throw invalidInput(FN, 'options.overlap', 'must be an integer between 1 and the number of raters');
  if (!Number.isInteger(auditPerGroup) || auditPerGroup < 1)
    throw invalidInput(FN, 'options.auditPerGroup', 'must be a positive integer');
  const shares = {
    'position-bias': share(options.positionBiased, 0.1, 'options.positionBiased'),
    'length-bias': share(options.lengthBiased, 0.1, 'options.lengthBiased'),
    spammer: share(options.spammers, 0.05, 'options.spammers'),
    'group-conflict': share(options.groupConflict, 0.05, 'options.groupConflict'),
  };
  const bothOrdersShare = share(options.bothOrdersShare, 0.25, 'options.bothOrdersShare');
  const repeatShare = share(options.repeatShare, 0.03, 'options.repeatShare');
  const auditShare = share(options.auditShare, 0.1, 'options.auditShare');
  const contestedShare = share(options.contestedShare, 0.2, 'options.contestedShare');
  const biasRange = options.biasStrength ?? [0.3, 0.5];
  if (!(biasRange[0] >= 0 && biasRange[1] <= 1 && biasRange[0] <= biasRange[1]))
    throw invalidInput(FN, 'options.biasStrength', 'must be [lo, hi] with 0 ≤ lo ≤ hi ≤ 1');
  const models = options.modelVersions ?? DEFAULT_MODELS;
  if (!Array.isArray(models) || models.length < 2 || new Set(models).size !== models.length)
    throw invalidInput(FN, 'options.modelVersions', 'must list at least two distinct versions');
  const startMs = Date.parse(options.start ?? '2026-01-01T00:00:00.000Z');
  const endMs = Date.parse(options.end ?? '2026-04-01T00:00:00.000Z');
  if (Number.isNaN(startMs)) throw invalidInput(FN, 'options.start', 'must be an ISO-8601 timestamp');
  if (Number.isNaN(endMs) || endMs <= startMs)
    throw invalidInput(FN, 'options.end', 'must be an ISO-8601 timestamp after start');

  const s = createSampler(seed);
  let strengths: readonly number[];
  if (options.modelStrengths) {
    if (options.modelStrengths.length !== models.length || !options.modelStrengths.every(Number.isFinite)) {
      throw invalidInput(FN, 'options.modelStrengths', 'must hold one finite strength per model version');
    }
    strengths = options.modelStrengths;
  } else {
    strengths = s.shuffle(models.map((_, k) => 0.35 * k));
  }

  const opposed = options.opposedGroups;
  if (opposed) {
    const [a, b] = opposed.groups ?? [];
    if (typeof a !== 'string' || typeof b !== 'string' || a === '' || a === b)
      throw invalidInput(FN, 'options.opposedGroups.groups', 'must be two distinct non-empty names');
    const types = opposed.contestedTaskTypes;
    if (!Array.isArray(types) || types.length === 0 || !types.every((t) => SIMULATED_TASK_TYPES.includes(t)))
      throw invalidInput(
        FN,
        'options.opposedGroups.contestedTaskTypes',
        `must list task types among ${SIMULATED_TASK_TYPES.join(', ')}`,
      );
  }
  const raters = makeRaters(s, raterCount, shares, biasRange, opposed);
  const cumulative = new Float64Array(raterCount);
  let activity = 0;
  raters.forEach((_, k) => (cumulative[k] = activity += s.between(0.5, 1.5)));
  const drawRater = (): number => {
    const u = s.next() * activity;
    let lo = 0;
    let hi = raterCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const byGroup = new Map<string, number[]>();
  raters.forEach((r, k) => byGroup.set(r.profile.group, [...(byGroup.get(r.profile.group) ?? []), k]));
  const groupLists = [...byGroup.values()];
  const auditSize = groupLists.reduce((sum, list) => sum + Math.min(auditPerGroup, list.length), 0);
  const auditTaskProbability =
    auditShare === 0 ? 0 : (auditShare * overlap) / (auditShare * overlap + (1 - auditShare) * auditSize);

  const produced: { at: number; record: Omit<ComparisonRecord, 'id'> }[] = [];
  const contestedTasks: string[] = [];
  const midpoint = (startMs + endMs) / 2;
  let taskNumber = 0;
  while (produced.length < total) {
    taskNumber++;
    const taskId = `task-${String(taskNumber).padStart(7, '0')}`;
    const taskType = s.pick(SIMULATED_TASK_TYPES);
    const objective = s.pick(OBJECTIVES);
    const contested = s.next() < contestedShare;
    if (contested) contestedTasks.push(taskId);
    const contestedType = opposed?.contestedTaskTypes.includes(taskType) ?? false;
    const m1 = s.int(models.length);
    let m2 = s.int(models.length - 1);
    if (m2 >= m1) m2++;
    const responses = [m1, m2].map((m, k): SimResponse => {
      const quality = strengths[m] + 0.8 * s.normal();
      const words = Math.max(8, Math.round(Math.exp(Math.log(45) + 0.5 * s.normal() + 0.12 * quality)));
      const style = { pleasantry: s.next() < 0.25, list: s.next() < 0.3 };
      return {
        id: `${taskId}-r${k + 1}`,
        text: responseText(s, taskType, words, style),
        modelVersion: models[m],
        quality,
      };
    });
    const prompt = `[${taskType}] prompt ${taskNumber}: please respond to the user's request.`;

    let assigned: number[];
    if (s.next() < auditTaskProbability) {
      assigned = groupLists.flatMap((list) => s.shuffle(list.slice()).slice(0, auditPerGroup));
    } else {
      const chosen = new Set<number>();
      while (chosen.size < overlap) chosen.add(drawRater());
      assigned = [...chosen];
    }
    const baseFlip = s.next() < 0.5;
    const bothOrders = s.next() < bothOrdersShare;
    const views = assigned.map((r, k) => ({ r, flip: bothOrders ? (k % 2 === 1) !== baseFlip : baseFlip }));
    if (s.next() < repeatShare) views.push({ r: views[0].r, flip: !views[0].flip });

    for (const { r, flip } of views) {
      if (produced.length >= total) break;
      const rater = raters[r];
      const [first, second] = flip ? [responses[1], responses[0]] : [responses[0], responses[1]];
      const answer = decide(s, rater, first, second, contested, contestedType);
      const at = startMs + Math.floor(s.next() * (endMs - startMs));
      produced.push({
        at,
        record: {
          taskId,
          taskType,
          objective,
          raterId: rater.profile.raterId,
          raterGroup: rater.profile.group,
          guidelineVersion: at < midpoint ? 'guidelines-1' : 'guidelines-2',
          interfaceVersion: rater.interfaceVersion,
          prompt,
          responses: [
            { id: responses[0].id, text: responses[0].text, modelVersion: responses[0].modelVersion },
            { id: responses[1].id, text: responses[1].text, modelVersion: responses[1].modelVersion },
          ],
          shownOrder: [first.id, second.id],
          choice: answer === 2 ? TIE : answer === 0 ? first.id : second.id,
          occurredAt: new Date(at).toISOString(),
        },
      });
    }
  }
  produced.sort((a, b) => a.at - b.at);
  const width = String(total).length;
  return {
    raters: raters.map((r) => r.profile),
    comparisons: produced.map((p, k) => ({ id: `cmp-${String(k + 1).padStart(width, '0')}`, ...p.record })),
    truth: {
      raters: Object.fromEntries(raters.map((r) => [r.profile.raterId, r.behaviour])),
      models: Object.fromEntries(models.map((m, k) => [m, strengths[k]])),
      conflictGroup: CONFLICT_GROUP,
      contestedTasks,
      ...(opposed
        ? { opposedGroups: { groups: opposed.groups, contestedTaskTypes: [...opposed.contestedTaskTypes] } }
        : {}),
    },
  };
}
