import { nextFireTimes, toDate, type Instant } from './next-fire-times';
import { periodLabel } from './period-of';

export const CATCH_UP_MODES = ['latest-only', 'all'] as const;
/** After downtime: fire for the latest missed period only, or for every missed period in order. */
export type CatchUpMode = (typeof CATCH_UP_MODES)[number];

export interface DuePeriod {
  /** The period's stable id (see `periodOf`). */
  readonly period: string;
  /** The scheduled fire instant that opens the period (UTC). */
  readonly fireTime: Date;
}

export interface MissedPeriods {
  /** What to fire now, oldest first. */
  readonly due: readonly DuePeriod[];
  /** How many fire times passed in `(lastFired, now]` (up to the scan limit). */
  readonly missed: number;
  /** True when more fire times remain than `limit` allowed to scan (only with `all`). */
  readonly truncated: boolean;
}

/**
 * The periods to fire for after the last fire: every fire time in
 * `(lastFired, now]`. `latest-only` keeps only the last of them, `all` keeps every
 * one in order. Pure: `lastFired` and `now` come in as arguments.
 *
 * `limit` bounds the work: with `all`, at most `limit` periods are returned (the
 * oldest) and `truncated` says more remain, so a caller records them and asks
 * again from the last one; with `latest-only` at most `limit` fire times are
 * scanned per call in a loop until `now` is reached.
 *
 * @example missedPeriods('monthly', 'UTC', '2026-01-01T00:00:00Z', '2026-04-15T00:00:00Z', 'all').due.map((d) => d.period)
 * // ['2026-02', '2026-03', '2026-04']
 * @throws ValidationError for a bad cadence or time zone; RangeError for a bad instant, mode or limit.
 */
export function missedPeriods(
  cadence: string,
  timezone: string,
  lastFired: Instant,
  now: Instant,
  mode: CatchUpMode,
  limit = 1000,
): MissedPeriods {
  if (mode !== 'latest-only' && mode !== 'all')
    throw new RangeError(`missedPeriods: mode must be latest-only or all, got ${String(mode)}`);
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`missedPeriods: limit must be a positive integer, got ${limit}`);
  const end = toDate(now, 'missedPeriods', 'now').getTime();
  let cursor = toDate(lastFired, 'missedPeriods', 'lastFired');
  const passed: Date[] = [];
  let missed = 0;
  let truncated = false;
  for (;;) {
    const batch = nextFireTimes(cadence, timezone, cursor, limit).filter((t) => t.getTime() <= end);
    missed += batch.length;
    if (mode === 'all') {
      passed.push(...batch);
      truncated =
        batch.length === limit &&
        nextFireTimes(cadence, timezone, batch[batch.length - 1], 1).some((t) => t.getTime() <= end);
      break;
    }
    if (batch.length > 0) passed.splice(0, passed.length, batch[batch.length - 1]);
    if (batch.length < limit) break;
    cursor = batch[batch.length - 1];
  }
  return {
    due: passed.map((fireTime) => ({ period: periodLabel(cadence, timezone, fireTime), fireTime })),
    missed,
    truncated,
  };
}
