/**
 * A reference computation of cron fire times that does not use croner, kept to
 * verify `nextFireTimes` (see next-fire-times.unit.spec.ts and the CLI's
 * `policy next` test): enumerate the local wall-clock times a rule names, day by
 * day, and turn each into a UTC instant with offset lookups from
 * Intl.DateTimeFormat. Slow and simple on purpose. Pure.
 *
 * The daylight-saving rule it implements (croner 9's behaviour: Hexagon/croner
 * PR #144 — "02:30 is converted to 03:30, which is the exact same timestamp as
 * 02:30 would have been if there had been no DST transition … exactly how Vixie
 * Cron works"; the overlap case is what croner's minitz `fromTZ` resolves to):
 *   - a wall-clock time that does not exist (spring-forward gap) fires at that
 *     wall-clock time read with the offset in force before the change, i.e.
 *     shifted later by the gap (02:30 → 03:30 summer time);
 *   - a wall-clock time that exists twice (fall-back overlap) fires once, at the
 *     occurrence whose UTC offset is the offset in force at the instant with the
 *     same digits in UTC (the later occurrence east of Greenwich, the earlier one
 *     west of it);
 *   - two wall-clock times that land on the same instant fire once.
 * It assumes a zone's transitions are more than 27 hours apart (true of every zone in use).
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The UTC offset (ms) in force in `zone` at `instant`, from what Intl renders there. */
function offsetAt(zone: string, instant: number): number {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  const flooredToSecond = Math.floor(instant / 1000) * 1000;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - flooredToSecond;
}

/** Every UTC instant whose local time in `zone` is the wall-clock time `wall` (its digits read as UTC). */
function instantsShowing(zone: string, wall: number): number[] {
  const offsets = new Set<number>();
  // Transitions in these zones are months apart: the offsets a day either side are the only candidates.
  for (const h of [-27, 0, 27]) offsets.add(offsetAt(zone, wall + h * 3_600_000));
  return [...offsets]
    .map((o) => wall - o)
    .filter((t) => offsetAt(zone, t) === wall - t)
    .sort((a, b) => a - b);
}

/** The asserted rule: which instant a wall-clock time fires at. */
export function referenceFireInstant(zone: string, wall: number): number {
  const candidates = instantsShowing(zone, wall);
  if (candidates.length === 1) return candidates[0];
  if (candidates.length === 0) {
    // In a gap the offset rises; the offset in force before the change is the smaller one nearby.
    const before = Math.min(offsetAt(zone, wall - 27 * 3_600_000), offsetAt(zone, wall + 27 * 3_600_000));
    return wall - before;
  }
  const wanted = offsetAt(zone, wall);
  const chosen = candidates.find((t) => wall - t === wanted);
  if (chosen === undefined)
    throw new Error(`no occurrence of ${new Date(wall).toISOString()} in ${zone} has offset ${wanted}`);
  return chosen;
}

/** The wall-clock times a cadence names on one local calendar day (day of week 0 = Sunday). */
export type DayRule = (
  year: number,
  month: number,
  day: number,
  weekday: number,
) => readonly [hour: number, minute: number][];

/**
 * The fire times of `rule` in `zone` strictly after `from` and up to `until` (epoch ms), ascending.
 * @example referenceFireTimes(() => [[2, 30]], 'Europe/Berlin', Date.parse('2026-03-28T12:00Z'), Date.parse('2026-03-30T12:00Z'))
 * // [Date.parse('2026-03-29T01:30Z') (03:30 CEST: 02:30 does not exist), Date.parse('2026-03-30T00:30Z')]
 */
export function referenceFireTimes(rule: DayRule, zone: string, from: number, until: number): number[] {
  const out = new Set<number>();
  // Local calendar days from two days before `from` to two days after `until` (as UTC digits).
  for (let day = Math.floor(from / DAY) * DAY - 2 * DAY; day <= until + 2 * DAY; day += DAY) {
    const d = new Date(day);
    for (const [h, min] of rule(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay())) {
      const t = referenceFireInstant(zone, day + h * 3_600_000 + min * MINUTE);
      if (t > from && t <= until) out.add(t);
    }
  }
  return [...out].sort((a, b) => a - b);
}
