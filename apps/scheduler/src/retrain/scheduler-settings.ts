import { ConfigurationError } from '@hindsight/contracts';

export interface SchedulerSettings {
  /** How often the scheduler evaluates policies (and, when not leading, tries to take the lead). */
  readonly tickMs: number;
}

export const SCHEDULER_VARIABLES = {
  SCHEDULER_TICK_MS: { default: '10000', meaning: 'how often the scheduler evaluates retrain policies and tries to take the lead, in ms' },
} as const;

/**
 * The scheduler's own variables, validated like the platform's.
 * @throws ConfigurationError naming the variable.
 */
export function loadSchedulerSettings(env: Readonly<Record<string, string | undefined>> = process.env): SchedulerSettings {
  const raw = env.SCHEDULER_TICK_MS?.trim() || SCHEDULER_VARIABLES.SCHEDULER_TICK_MS.default;
  const tickMs = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(tickMs) || tickMs < 10 || tickMs > 3_600_000) {
    throw new ConfigurationError('SCHEDULER_TICK_MS', `must be an integer number of milliseconds between 10 and 3600000 (got "${raw}")`);
  }
  return { tickMs };
}
