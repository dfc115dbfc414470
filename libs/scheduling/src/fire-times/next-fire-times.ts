import { Cron } from 'croner';
import { cronOf, canonicalTimeZone } from '../cadence/cadence';

/** A point in time as a `Date`, epoch milliseconds or an ISO-8601 string with an offset. */
export type Instant = Date | number | string;

/** @internal */
export function toDate(instant: Instant, fn: string, name: string): Date {
  const date =
    instant instanceof Date
      ? new Date(instant.getTime())
      : typeof instant === 'number'
        ? new Date(instant)
        : new Date(Date.parse(instant));
  if (Number.isNaN(date.getTime())) throw new RangeError(`${fn}: ${name} is not a valid instant: ${String(instant)}`);
  return date;
}

/** @internal A paused croner job for the cadence in the zone; it never runs anything, it only answers `nextRun`. */
export function cronJob(cadence: string, timezone: string): Cron {
  return new Cron(cronOf(cadence), { paused: true, timezone: canonicalTimeZone(timezone) });
}

/**
 * The next `count` fire times of a cadence in a time zone, strictly after `from`,
 * as UTC instants in ascending order. Pure: the time comes in as `from`.
 *
 * The cadence is read on the wall clock of `timezone` by croner. Around
 * daylight-saving changes croner (9.x) does what Vixie cron does: a wall-clock
 * time that does not exist (skipped by a spring-forward) fires at the instant it
 * would have had without the change, i.e. read with the offset in force before
 * it (02:30 → 03:30 summer time); a wall-clock time that exists twice (fall-back)
 * fires once, at the occurrence whose offset is the one in force at the instant
 * that has the same digits in UTC (in practice the later occurrence east of
 * Greenwich, the earlier one west of it). `next-fire-times.unit.spec.ts` checks
 * this against an independent computation.
 *
 * @example nextFireTimes('quarterly', 'Europe/Berlin', '2026-01-01T00:00:00Z', 2)
 * // [2026-03-31T22:00:00.000Z, 2026-06-30T22:00:00.000Z]
 * @throws ValidationError for a bad cadence (`cadence: …`) or time zone (`timezone: …`);
 *   RangeError if `from` is not an instant or `count` not a non-negative integer.
 */
export function nextFireTimes(cadence: string, timezone: string, from: Instant, count: number): Date[] {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`nextFireTimes: count must be a non-negative integer, got ${count}`);
  const job = cronJob(cadence, timezone);
  const out: Date[] = [];
  let cursor: Date | null = toDate(from, 'nextFireTimes', 'from');
  while (out.length < count) {
    cursor = job.nextRun(cursor);
    if (!cursor) break;
    out.push(cursor);
  }
  return out;
}

/**
 * The latest fire time at or before `instant`, or undefined if there is none
 * within about 32 years. Searches backwards in widening windows, so frequent
 * cadences cost little and rare ones a few steps.
 *
 * @example previousFireTime('monthly', 'UTC', '2026-05-17T10:00:00Z') // 2026-05-01T00:00:00.000Z
 */
export function previousFireTime(cadence: string, timezone: string, instant: Instant): Date | undefined {
  const job = cronJob(cadence, timezone);
  const at = toDate(instant, 'previousFireTime', 'instant').getTime();
  const minute = 60_000;
  for (let window = minute; window <= 32 * 366 * 24 * 60 * minute; window *= 8) {
    let latest: Date | undefined;
    // Start one millisecond before the window so a fire exactly at its start counts.
    let cursor: Date | null = new Date(at - window - 1);
    while ((cursor = job.nextRun(cursor)) && cursor.getTime() <= at) latest = cursor;
    if (latest) return latest;
  }
  return undefined;
}
