import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { formatZodIssues, ValidationError } from '@hindsight/contracts';
import type { TargetProfile } from '@hindsight/quality';

const shares = z.record(z.string().min(1), z.number().min(0).max(1));
/** A target profile: shares in [0, 1] per expertise level, language and region. */
export const targetProfileSchema = z.strictObject({
  expertise: shares.optional(),
  languages: shares.optional(),
  region: shares.optional(),
});

/**
 * The declared population the raters should represent, from YAML:
 *
 * ```yaml
 * expertise: { novice: 0.4, intermediate: 0.4, expert: 0.2 }
 * languages: { en: 0.7, es: 0.2 }      # share of raters who work in the language
 * region: { '150': 0.3, '021': 0.4, '034': 0.3 }   # as the raters' profiles name them
 * ```
 *
 * @throws ValidationError on `target-profile` for bad YAML, and naming the field
 *   (`region["150"]`) for a share outside [0, 1] or an unknown dimension.
 */
export function parseTargetProfileYaml(text: string): TargetProfile {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ValidationError([
      {
        path: 'target-profile',
        rule: `must be valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      },
    ]);
  }
  const result = targetProfileSchema.safeParse(value ?? {});
  if (!result.success) throw new ValidationError(formatZodIssues(result.error.issues));
  return result.data;
}

/**
 * A target profile given as a JSON value (the api's `POST /v1/quality/report`), held
 * to the same rules as the YAML file; issue paths start with `path`.
 * @example parseTargetProfile({ region: { '150': 0.3 } }, 'targetProfile'); // { region: { '150': 0.3 } }
 * @throws ValidationError naming the field (`targetProfile.region.150`) for a share outside [0, 1] or an unknown dimension.
 */
export function parseTargetProfile(value: unknown, path = 'targetProfile'): TargetProfile {
  const result = targetProfileSchema.safeParse(value);
  if (!result.success)
    throw new ValidationError(
      formatZodIssues(result.error.issues).map((i) => ({ ...i, path: i.path ? `${path}.${i.path}` : path })),
    );
  return result.data;
}
