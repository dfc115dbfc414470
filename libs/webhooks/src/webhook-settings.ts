import { ConfigurationError } from '@hindsight/contracts';

export interface WebhookSettings {
  /** Attempts per delivery, the first included; after the last failed one the delivery is dead. */
  readonly maxAttempts: number;
  /** Full-jitter backoff: the wait after attempt n is uniform in [0, min(maxMs, baseMs · 2^(n−1))]. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** How long one POST may take before it counts as failed. */
  readonly timeoutMs: number;
  /** How often the dispatcher looks for deliveries that are due. */
  readonly pollMs: number;
  /** Consumer group of the dispatcher (its offsets live in PostgreSQL). */
  readonly groupId: string;
}

export const WEBHOOK_VARIABLES = {
  WEBHOOK_MAX_ATTEMPTS: { default: '8', min: 1, max: 100 },
  WEBHOOK_BACKOFF_BASE_MS: { default: '1000', min: 1, max: 3_600_000 },
  WEBHOOK_BACKOFF_MAX_MS: { default: '3600000', min: 1, max: 86_400_000 },
  WEBHOOK_TIMEOUT_MS: { default: '10000', min: 10, max: 300_000 },
  WEBHOOK_POLL_MS: { default: '1000', min: 10, max: 3_600_000 },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: keyof typeof WEBHOOK_VARIABLES): number {
  const spec = WEBHOOK_VARIABLES[name];
  const raw = env[name]?.trim() || spec.default;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < spec.min || value > spec.max)
    throw new ConfigurationError(name, `must be an integer between ${spec.min} and ${spec.max} (got "${raw}")`);
  return value;
}

/**
 * The dispatcher's variables, validated at start-up.
 * @throws ConfigurationError naming the variable (WEBHOOK_BACKOFF_MAX_MS below WEBHOOK_BACKOFF_BASE_MS included).
 */
export function loadWebhookSettings(env: Env = process.env): WebhookSettings {
  const backoffBaseMs = integer(env, 'WEBHOOK_BACKOFF_BASE_MS');
  const backoffMaxMs = integer(env, 'WEBHOOK_BACKOFF_MAX_MS');
  if (backoffMaxMs < backoffBaseMs)
    throw new ConfigurationError(
      'WEBHOOK_BACKOFF_MAX_MS',
      `must be at least WEBHOOK_BACKOFF_BASE_MS (${backoffBaseMs}) (got "${backoffMaxMs}")`,
    );
  const groupId = env.WEBHOOK_GROUP_ID?.trim() || 'hindsight-webhooks';
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(groupId))
    throw new ConfigurationError('WEBHOOK_GROUP_ID', `must be 1-200 of [A-Za-z0-9._-] (got "${groupId}")`);
  return {
    maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS'),
    backoffBaseMs,
    backoffMaxMs,
    timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS'),
    pollMs: integer(env, 'WEBHOOK_POLL_MS'),
    groupId,
  };
}
