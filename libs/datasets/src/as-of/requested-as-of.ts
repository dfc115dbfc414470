import { requireInstant, ValidationError } from '@hindsight/contracts';

/**
 * The as-of instant a person asked a build for, in UTC ISO-8601. A future instant
 * is refused: what is recorded until then would change the build, so it could not
 * be rebuilt byte for byte. (The trainer builds as of a policy's period start,
 * which a scheduler with an injected clock may put ahead of the wall clock; it
 * does not come through here.)
 * @throws ValidationError on `field`.
 */
export function requestedAsOf(value: unknown, now: Date, field = 'asOf'): string {
  const instant = requireInstant(value, field);
  const at = Date.parse(instant);
  if (at > now.getTime())
    throw new ValidationError([
      {
        path: field,
        rule: `must not be in the future (now ${now.toISOString()}): a build as of a later instant could still change`,
      },
    ]);
  return new Date(at).toISOString();
}
