import { canonicalTimeZone, isCadenceShorthand } from '../cadence/cadence';
import { previousFireTime, toDate, type Instant } from './next-fire-times';

/** The local calendar date of an instant in a time zone. */
function localDate(instant: Date, timezone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/** ISO-8601 week-numbering year and week of a calendar date. */
function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides the year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return { year: weekYear, week };
}

/**
 * The label of the period that begins at `fireTime`: `2026-Q3` (quarterly),
 * `2026-07` (monthly), `2026-W27` (weekly, ISO week) from the local date of the
 * fire in the policy's zone; for any other cadence the fire instant in UTC
 * (`2026-07-01T06:00:00.000Z`). Labels are stable: the same fire, the same label.
 */
export function periodLabel(cadence: string, timezone: string, fireTime: Date): string {
  const trimmed = cadence.trim();
  if (!isCadenceShorthand(trimmed)) return fireTime.toISOString();
  const { year, month, day } = localDate(fireTime, canonicalTimeZone(timezone));
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (trimmed) {
    case 'quarterly':
      return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
    case 'monthly':
      return `${year}-${pad(month)}`;
    case 'weekly': {
      const w = isoWeek(year, month, day);
      return `${w.year}-W${pad(w.week)}`;
    }
    default: {
      const exhaustive: never = trimmed;
      return exhaustive;
    }
  }
}

/**
 * The stable id of the period that contains `instant`: a period starts at a fire
 * time (inclusive) and lasts until the next. Quarterly, monthly and weekly
 * cadences give calendar labels (`2026-Q3`, `2026-07`, `2026-W27`), anything else
 * the period's fire instant as an ISO-8601 UTC string.
 *
 * @example periodOf('quarterly', 'Europe/Berlin', '2026-08-15T12:00:00Z') // '2026-Q3'
 * @example periodOf('0 6 * * *', 'UTC', '2026-08-15T12:00:00Z') // '2026-08-15T06:00:00.000Z'
 * @throws ValidationError for a bad cadence or time zone; RangeError when `instant`
 *   is not an instant or comes before the cadence's first fire in 32 years.
 */
export function periodOf(cadence: string, timezone: string, instant: Instant): string {
  const at = toDate(instant, 'periodOf', 'instant');
  const start = previousFireTime(cadence, timezone, at);
  if (!start) throw new RangeError(`periodOf: no fire of ${cadence} in ${timezone} at or before ${at.toISOString()}`);
  return periodLabel(cadence, timezone, start);
}
