import { ValidationError } from '@hindsight/contracts';
import {
  plantJudges,
  PLANTED_JUDGE_BEHAVIOURS,
  simulatePopulation,
  type JudgeSimulationOptions,
  type PlantedJudge,
  type PlantedJudgeBehaviour,
  type PlantedJudges,
  type RaterProfile,
  type SimulationOptions,
} from '@hindsight/quality';
import type { EventSender } from './run-simulation';
import { comparisonEvent, simulationKeyPrefix } from './simulation-events';

/** A planted judge's `rater.profiled` v2 input: kind model, its model id and prompt version, no expertise or group. */
export function judgeProfileEvent(profile: RaterProfile, keyPrefix: string) {
  return {
    type: 'rater.profiled' as const,
    idempotencyKey: `${keyPrefix}-judge-${profile.raterId}`,
    data: {
      raterId: profile.raterId,
      expertise: [],
      languages: ['en'],
      region: '001',
      kind: 'model' as const,
      modelId: profile.modelId ?? 'sim-judge',
      ...(profile.promptVersion ? { promptVersion: profile.promptVersion } : {}),
      ...(profile.constitutionVersion ? { constitutionVersion: profile.constitutionVersion } : {}),
    },
  };
}

/**
 * The events that put planted judges on the platform through the same api as people:
 * their profiles first, then one `comparison.recorded` per judgment (idempotency keys from
 * the prefix and the judgment's id, so sending them again writes nothing new).
 *
 * @example
 * await client.sendBatch(judgeEvents(plantJudges(population, { judges }), 'sim-7-judges'));
 */
export function judgeEvents(planted: PlantedJudges, keyPrefix: string) {
  return [
    ...planted.profiles.map((p) => judgeProfileEvent(p, keyPrefix)),
    ...planted.comparisons.map((c) => ({
      ...comparisonEvent(c, 0, keyPrefix),
      idempotencyKey: `${keyPrefix}-judgment-${c.id}`,
    })),
  ];
}

/**
 * `hindsight simulate --judges agreeing,position-biased,random`: the judges named by their
 * behaviour (rater ids `judge-<behaviour>`, `-2`, `-3`… when one repeats).
 * @throws ValidationError on `--judges` naming an unknown behaviour.
 */
export function parseJudgeList(value: string): PlantedJudge[] {
  const seen = new Map<string, number>();
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((behaviour) => {
      if (!PLANTED_JUDGE_BEHAVIOURS.includes(behaviour as PlantedJudgeBehaviour))
        throw new ValidationError(
          [{ path: '--judges', rule: `must list judge behaviours among: ${PLANTED_JUDGE_BEHAVIOURS.join(', ')}` }],
          `--judges: unknown behaviour "${behaviour}" (one of ${PLANTED_JUDGE_BEHAVIOURS.join(', ')})`,
        );
      const n = (seen.get(behaviour) ?? 0) + 1;
      seen.set(behaviour, n);
      return {
        raterId: n === 1 ? `judge-${behaviour}` : `judge-${behaviour}-${n}`,
        behaviour: behaviour as PlantedJudgeBehaviour,
      };
    });
}

/**
 * Plants judges into the simulation `options` describes (the same seeded population
 * `runSimulation` sent) and sends their profiles and judgments through the api. Keys derive
 * from the simulation's prefix, so a re-run writes nothing new.
 *
 * @returns what the api answered and what was planted (the judges' part of truth.json).
 */
export async function sendPlantedJudges(
  sender: EventSender,
  options: SimulationOptions,
  judges: JudgeSimulationOptions,
): Promise<{ accepted: number; replayed: number; rejected: number; truth: PlantedJudges['truth'] }> {
  const planted = plantJudges(simulatePopulation(options), judges);
  const events = judgeEvents(planted, `${simulationKeyPrefix(options)}-judges`);
  let accepted = 0;
  let replayed = 0;
  let rejected = 0;
  for (let k = 0; k < events.length; k += 1000) {
    const result = await sender.sendBatch(events.slice(k, k + 1000));
    for (const item of result.results) {
      if (item.status !== 'accepted') rejected++;
      else if (item.replayed) replayed++;
      else accepted++;
    }
  }
  return { accepted, replayed, rejected, truth: planted.truth };
}
