import { Cron } from 'croner';
import { ValidationError } from '@hindsight/contracts';

/**
 * Shorthand cadences and the cron expressions they stand for (minute hour day-of-month month day-of-week),
 * read in the policy's time zone.
 */
export const CADENCE_SHORTHANDS = {
  /** 00:00 on the first day of January, April, July and October. */
  quarterly: '0 0 1 1,4,7,10 *',
  /** 00:00 on the first day of every month. */
  monthly: '0 0 1 * *',
  /** 00:00 every Monday. */
  weekly: '0 0 * * 1',
} as const;

export type CadenceShorthand = keyof typeof CADENCE_SHORTHANDS;

export const RULE_CADENCE = 'not a valid cron expression or shorthand';
export const RULE_CADENCE_NEVER = 'never fires (no such date)';
export const RULE_TIMEZONE = 'unknown IANA time zone';

const NEVER_FIRES_PROBE = new Date(Date.UTC(2000, 0, 1));
const CRON_NICKNAMES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly']);

export function isCadenceShorthand(cadence: string): cadence is CadenceShorthand {
  return Object.prototype.hasOwnProperty.call(CADENCE_SHORTHANDS, cadence);
}

/**
 * The five-field cron expression a cadence stands for: a shorthand (`quarterly`,
 * `monthly`, `weekly`), a cron nickname (`@daily`, …) or a five-field cron
 * expression as croner reads it (`L` for the last day of the month, `#` for the
 * nth weekday, names of months and days). Seconds fields and `?` (which croner
 * fills in from the current time) are refused, so a cadence means the same thing
 * whenever it is read.
 *
 * @example cronOf('quarterly') // '0 0 1 1,4,7,10 *'
 * @throws ValidationError `cadence: not a valid cron expression or shorthand`
 */
export function cronOf(cadence: string, path = 'cadence'): string {
  const trimmed = typeof cadence === 'string' ? cadence.trim() : '';
  if (isCadenceShorthand(trimmed)) return CADENCE_SHORTHANDS[trimmed];
  const fields = trimmed.split(/\s+/);
  const acceptable = CRON_NICKNAMES.has(trimmed) || (fields.length === 5 && !trimmed.includes('?'));
  if (!acceptable) throw new ValidationError([{ path, rule: RULE_CADENCE }]);
  let job: Cron;
  try {
    // Constructing a paused job parses the pattern and schedules nothing.
    job = new Cron(trimmed, { paused: true, timezone: 'Etc/UTC' });
  } catch {
    throw new ValidationError([{ path, rule: RULE_CADENCE }]);
  }
  // `0 0 31 2 *` parses but names a day that never comes.
  if (!job.nextRun(NEVER_FIRES_PROBE)) throw new ValidationError([{ path, rule: RULE_CADENCE_NEVER }]);
  return trimmed;
}

/** Is `cadence` a shorthand or a cron expression `cronOf` accepts? */
export function isValidCadence(cadence: string): boolean {
  try {
    cronOf(cadence);
    return true;
  } catch {
    return false;
  }
}

/**
 * Is `timezone` an IANA time zone name the runtime knows (`Europe/Berlin`, `UTC`)?
 * Fixed offsets such as `+02:00` are refused: a policy follows a place's clock.
 */
export function isValidTimeZone(timezone: string): boolean {
  if (typeof timezone !== 'string' || timezone === '' || /^[+-]/.test(timezone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The runtime's canonical spelling of an IANA time zone (`europe/berlin` → `Europe/Berlin`).
 * @throws ValidationError `timezone: unknown IANA time zone`
 */
export function canonicalTimeZone(timezone: string, path = 'timezone'): string {
  if (!isValidTimeZone(timezone)) throw new ValidationError([{ path, rule: RULE_TIMEZONE }]);
  return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
}
