import { z } from 'zod';
import { ValidationError } from '../errors/hindsight-error';

/**
 * An instant with its zone: `Z` or an offset; a real calendar day; not year 0000, which PostgreSQL refuses.
 * Request bodies use it as is (`{ asOf: instantSchema }`): a refusal reads as `instantRule` says
 * (formatZodIssues takes the schema's own rule), and the OpenAPI document shows `format: date-time`.
 */
export const instantSchema = z.iso
  .datetime({ offset: true, error: (issue) => instantRule(issue.input) })
  .refine((value) => !value.startsWith('0000-'), { error: (issue) => instantRule(issue.input) });

/**
 * The UTC ISO-8601 form of an instant given as text (`2026-09-30T23:59:59Z`,
 * `2026-10-01T01:59:59+02:00`), or undefined when it is not one. Stricter than
 * `Date.parse`, which reads a time without a zone in the server's own zone, rolls
 * 30 February over into March and takes "1" for a date in 2001.
 */
export function instantOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !instantSchema.safeParse(value).success) return undefined;
  return new Date(Date.parse(value)).toISOString();
}

/** What an instant looks like, in every message that refuses one. */
export const INSTANT_FORM = 'an ISO-8601 instant with Z or an offset';

const DATE_ONLY = /^(\d{4}-\d{2}-\d{2})$/;
const WITHOUT_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;
/** `+02:00` sent unencoded in a URL query arrives as ` 02:00`. */
const PLUS_AS_SPACE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/;

/**
 * Why a value is not an instant, saying the form expected, with an example built
 * from the value itself for the near misses people type: a date alone
 * (`2026-12-06`) or a time without a zone (`2026-12-06T10:00`).
 *
 * @example instantRule('2026-12-06') // 'must be an ISO-8601 instant with Z or an offset, e.g. 2026-12-06T00:00:00Z (a date alone has no time or zone)'
 */
export function instantRule(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
    return `required: ${INSTANT_FORM}, e.g. 2026-09-30T23:59:59Z`;
  if (typeof value !== 'string') return `expected string: ${INSTANT_FORM}, e.g. 2026-09-30T23:59:59Z`;
  const text = value.trim();
  // An example built from the value only where the value names a real day and time.
  const near = (candidate: string, why: string) =>
    instantOf(candidate) === undefined ? undefined : `must be ${INSTANT_FORM}, e.g. ${candidate} (${why})`;
  const date = DATE_ONLY.exec(text);
  const plus = PLUS_AS_SPACE.exec(text);
  const local = WITHOUT_ZONE.exec(text);
  const hint =
    (date && near(`${date[1]}T00:00:00Z`, 'a date alone has no time or zone')) ||
    (plus && near(`${plus[1]}+${plus[2]}`, 'in a URL query write + as %2B: a bare + reads as a space')) ||
    (local &&
      near(
        `${local[1]}T${local[2].length === 5 ? `${local[2]}:00` : local[2]}Z`,
        'a time without Z or an offset means a different instant in every zone',
      ));
  if (hint) return hint;
  return `must be ${INSTANT_FORM} on a real calendar day, e.g. 2026-09-30T23:59:59Z`;
}

/**
 * The UTC ISO-8601 form of the instant in `value`.
 * @throws ValidationError on `field` with `instantRule`'s rule when it is not one.
 */
export function requireInstant(value: unknown, field: string): string {
  const instant = instantOf(value);
  if (instant === undefined) throw new ValidationError([{ path: field, rule: instantRule(value) }]);
  return instant;
}
