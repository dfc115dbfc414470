import { z } from 'zod';

/** An instant with its zone: `Z` or an offset; a real calendar day; not year 0000, which PostgreSQL refuses. */
const instantSchema = z.iso.datetime({ offset: true }).refine((value) => !value.startsWith('0000-'));

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
