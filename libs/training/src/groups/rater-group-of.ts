import type { RaterGroupField } from '@hindsight/contracts';
import type { RaterProfile } from '@hindsight/quality';

/** The group of a rater without a profile, or whose profile leaves the field empty. */
export const UNKNOWN_GROUP = 'unknown';

/**
 * The group a rater belongs to by one profile field: the opt-in `group`, the
 * first listed (primary) `language`, the `region`, or the `expertise` level.
 *
 * @example raterGroupOf({ raterId: 'r1', expertise: 'expert', languages: ['de', 'en'], region: 'DE', group: 'g' }, 'language') // 'de'
 * @throws never.
 */
export function raterGroupOf(profile: RaterProfile | undefined, field: RaterGroupField): string {
  if (!profile) return UNKNOWN_GROUP;
  const value = field === 'language' ? profile.languages[0] : profile[field];
  return typeof value === 'string' && value !== '' ? value : UNKNOWN_GROUP;
}
