import { nextFireTimes, periodLabel, previousFireTime } from '@hindsight/scheduling';

/** A quarter of simulated activity: occurredAt lies in [start, end). */
export interface SimulatedQuarter {
  readonly label: string;
  readonly start: Date;
  readonly end: Date;
}

/** One scheduled fire of the quarterly policy: the instant the scheduler's clock is moved to, and its period label. */
export interface QuarterFire {
  readonly period: string;
  readonly at: Date;
}

export interface DemoCalendar {
  /** The two quarters simulated, oldest first. */
  readonly quarters: readonly [SimulatedQuarter, SimulatedQuarter];
  /** The policy's next two fires after `now`: the first model, then the second. */
  readonly fires: readonly [QuarterFire, QuarterFire];
}

const CADENCE = 'quarterly';

/**
 * The demo's timeline for a quarterly policy in `timezone`, seen from `now`.
 *
 * Events may not be dated in the future (occurredAt), and a retrain sees only what
 * was recorded by its as-of time, which is its fire time. So the simulated quarters
 * are the last two complete ones, and the scheduler's clock is moved ahead to the
 * policy's next two fires: each retrain then sees everything sent before it.
 *
 * @example demoCalendar(new Date('2026-11-29T12:00:00Z'), 'UTC')
 * // quarters 2026-Q2 [Apr 1, Jul 1) and 2026-Q3 [Jul 1, Oct 1); fires 2027-Q1 at 2027-01-01T00:00Z and 2027-Q2 at 2027-04-01T00:00Z
 * @throws RangeError (from the scheduling library) for an unknown time zone.
 */
export function demoCalendar(now: Date, timezone: string): DemoCalendar {
  const current = previousFireTime(CADENCE, timezone, now);
  if (!current) throw new RangeError(`demoCalendar: no quarter start before ${now.toISOString()} in ${timezone}`);
  const last = previousFireTime(CADENCE, timezone, new Date(current.getTime() - 1))!;
  const beforeLast = previousFireTime(CADENCE, timezone, new Date(last.getTime() - 1))!;
  const [first, second] = nextFireTimes(CADENCE, timezone, now, 2);
  const quarter = (start: Date, end: Date): SimulatedQuarter => ({
    label: periodLabel(CADENCE, timezone, start),
    start,
    end,
  });
  const fire = (at: Date): QuarterFire => ({ period: periodLabel(CADENCE, timezone, at), at });
  return { quarters: [quarter(beforeLast, last), quarter(last, current)], fires: [fire(first), fire(second)] };
}
