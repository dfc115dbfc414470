import { ConfigurationError } from '@hindsight/contracts';

export interface SchedulerSettings {
  /** How often the scheduler evaluates policies (and, when not leading, tries to take the lead). */
  readonly tickMs: number;
  /** When set, the scheduler's clock starts at this instant instead of the system time (demos, rehearsals). */
  readonly clockStart?: Date;
  /** How long a measured prompt drift is reused before it is measured again (0: every tick). */
  readonly driftRefreshMs: number;
  /** The drift measure's sliding window: deployed prompts recorded in the last this many ms (and since the baseline). */
  readonly driftWindowMs: number;
  /** The router's consumer group on the deployment topic (its offsets live in PostgreSQL); absent: no router (specs of the scheduler alone). */
  readonly routerGroupId?: string;
  /** Stratified routing compares the production traffic of this many days with the annotated comparisons. */
  readonly routingWindowDays?: number;
}

export const SCHEDULER_VARIABLES = {
  SCHEDULER_TICK_MS: {
    default: '10000',
    meaning: 'how often the scheduler evaluates retrain policies and tries to take the lead, in ms',
  },
  SCHEDULER_DRIFT_REFRESH_MS: {
    default: '300000',
    meaning:
      'how long a measured prompt drift is reused before the drift trigger measures it again, in ms (0–86400000; 0: every tick)',
  },
  SCHEDULER_DRIFT_WINDOW_MS: {
    default: '2592000000',
    meaning:
      "the drift measure's sliding window: deployed prompts recorded in the last this many ms, and after the policy's last retrain, are compared with the training prompts, in ms (3600000–31622400000; default 30 days)",
  },
  ROUTER_GROUP_ID: {
    default: 'hindsight-router',
    meaning: "scheduler: the router's consumer group on the deployment topic (its offsets live in PostgreSQL)",
  },
  ROUTING_WINDOW_DAYS: {
    default: '7',
    meaning:
      'scheduler: days of production traffic that stratified routing rules compare with the annotated comparisons (1–365)',
  },
  SCHEDULER_CLOCK_START: {
    default: '',
    meaning:
      "an ISO-8601 instant with Z or an offset: the scheduler's clock starts there and runs on at real speed (demos and rehearsals only; empty: the system clock)",
  },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The scheduler's own variables, validated like the platform's.
 * @throws ConfigurationError naming the variable.
 */
export function loadSchedulerSettings(env: Env = process.env): SchedulerSettings {
  const raw = env.SCHEDULER_TICK_MS?.trim() || SCHEDULER_VARIABLES.SCHEDULER_TICK_MS.default;
  const tickMs = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(tickMs) || tickMs < 10 || tickMs > 3_600_000) {
    throw new ConfigurationError(
      'SCHEDULER_TICK_MS',
      `must be an integer number of milliseconds between 10 and 3600000 (got "${raw}")`,
    );
  }
  const refreshRaw = env.SCHEDULER_DRIFT_REFRESH_MS?.trim() || SCHEDULER_VARIABLES.SCHEDULER_DRIFT_REFRESH_MS.default;
  const driftRefreshMs = Number(refreshRaw);
  if (!/^\d+$/.test(refreshRaw) || driftRefreshMs > 86_400_000) {
    throw new ConfigurationError(
      'SCHEDULER_DRIFT_REFRESH_MS',
      `must be an integer number of milliseconds between 0 and 86400000 (got "${refreshRaw}")`,
    );
  }
  const windowRaw = env.SCHEDULER_DRIFT_WINDOW_MS?.trim() || SCHEDULER_VARIABLES.SCHEDULER_DRIFT_WINDOW_MS.default;
  const driftWindowMs = Number(windowRaw);
  if (!/^\d+$/.test(windowRaw) || driftWindowMs < 3_600_000 || driftWindowMs > 31_622_400_000) {
    throw new ConfigurationError(
      'SCHEDULER_DRIFT_WINDOW_MS',
      `must be an integer number of milliseconds between 3600000 (an hour) and 31622400000 (366 days) (got "${windowRaw}")`,
    );
  }
  const routerGroupId = env.ROUTER_GROUP_ID?.trim() || SCHEDULER_VARIABLES.ROUTER_GROUP_ID.default;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(routerGroupId))
    throw new ConfigurationError(
      'ROUTER_GROUP_ID',
      `must be 1-200 letters, digits, dots, underscores or hyphens (got "${routerGroupId}")`,
    );
  const routingWindowRaw = env.ROUTING_WINDOW_DAYS?.trim() || SCHEDULER_VARIABLES.ROUTING_WINDOW_DAYS.default;
  const routingWindowDays = Number(routingWindowRaw);
  if (!/^\d+$/.test(routingWindowRaw) || routingWindowDays < 1 || routingWindowDays > 365)
    throw new ConfigurationError(
      'ROUTING_WINDOW_DAYS',
      `must be an integer number of days between 1 and 365 (got "${routingWindowRaw}")`,
    );
  const clockStart = instantOrUndefined(env.SCHEDULER_CLOCK_START);
  const base = { tickMs, driftRefreshMs, driftWindowMs, routerGroupId, routingWindowDays };
  return clockStart === undefined ? base : { ...base, clockStart };
}

/** An explicit zone is required: a bare local time would mean a different instant on every machine. */
function instantOrUndefined(value: string | undefined): Date | undefined {
  const raw = value?.trim() ?? '';
  if (raw === '') return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(raw) || Number.isNaN(ms)) {
    throw new ConfigurationError(
      'SCHEDULER_CLOCK_START',
      `must be an ISO-8601 instant with Z or an offset, e.g. 2027-01-01T00:00:00+01:00 (got "${raw}")`,
    );
  }
  return new Date(ms);
}
