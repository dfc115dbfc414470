import { createHash } from 'node:crypto';

/** What a build knows of a rater for the optional rater columns. */
export interface RaterProfile {
  readonly group: string;
  readonly region: string | null;
}

/**
 * A rater's (or user's) id as an export shows it: SHA-256 of tenant and id, first
 * 16 hex digits. Stable within a tenant (a trainer can group by it), not the id
 * itself, and different across tenants.
 * @example hashedRaterId('acme', 'rater-1').length // 16
 */
export function hashedRaterId(tenant: string, raterId: string): string {
  return createHash('sha256').update(`${tenant}\u0000${raterId}`, 'utf8').digest('hex').slice(0, 16);
}

/**
 * The rater columns the recipe asks for, in a fixed order: `rater_id` (hashed),
 * then `rater_group` and `rater_region` (null when the signal's author has no
 * profile, such as a product user's thumbs).
 */
export function raterColumns(
  options: { readonly id: boolean; readonly profile: boolean },
  tenant: string,
  raterId: string | undefined,
  profile: RaterProfile | undefined,
): Record<string, string | null> {
  const columns: Record<string, string | null> = {};
  if (options.id) columns.rater_id = raterId === undefined ? null : hashedRaterId(tenant, raterId);
  if (options.profile) {
    columns.rater_group = profile?.group ?? null;
    columns.rater_region = profile?.region ?? null;
  }
  return columns;
}
