import type { PlantedJudges, RaterProfile } from '@hindsight/quality';
import { comparisonEvent } from './simulation-events';

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
