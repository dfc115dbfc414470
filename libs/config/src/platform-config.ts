import { ConfigurationError } from '@hindsight/contracts';

/** Everything a Hindsight process reads from its environment, after validation. */
export interface PlatformConfig {
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly httpHost: string;
  /** How long a stopping service waits for answers still being written before it closes their connections. */
  readonly httpDrainTimeoutMs: number;
  readonly ports: {
    readonly api: number;
    readonly projector: number;
    readonly scheduler: number;
    readonly trainer: number;
  };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly topicPrefix: string;
    readonly partitions: number;
    readonly replicationFactor: number;
    readonly projectorGroupId: string;
    /** Partitions applied at once by the projector and a replay. */
    readonly projectorConcurrency: number;
    /** How long every publisher but the api's waits for Kafka's acknowledgement (createEventPublisher). */
    readonly publishAckTimeoutMs: number;
  };
  readonly database: { readonly url: string; readonly schema: string; readonly poolSize: number };
  readonly api: {
    readonly bodyLimitBytes: number;
    readonly rateLimitPerMinute: number;
    readonly idempotencyWindowHours: number;
    readonly publishLingerMs: number;
    readonly publishAckTimeoutMs: number;
  };
  /** The browser pages (/annotate, /console) and their sign-in sessions. */
  readonly web: {
    /** Where `npm run build:web` writes the bundles and their manifest. */
    readonly distDir: string;
    readonly sessionTtlMinutes: number;
    /** HMAC secret of the session cookies; empty: a random one per api process (sessions end with it). */
    readonly sessionSecret: string;
  };
  readonly queues: {
    /** How long an assignment stays the rater's before its slot returns to the pool. */
    readonly leaseSeconds: number;
    /** Share (0..1) of a rater's completed tasks served to them again in reverse order (reversal checks). */
    readonly reversalShare: number;
  };
  readonly home: string;
  readonly datasetsDir: string;
  /** Where the key-encryption keys come from: the variable when set, else the file. */
  readonly keyEncryption: { readonly inline: string; readonly file: string };
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `pretty`: readable lines labelled with the service; `json`: one JSON object per line; `auto`: pretty when stdout is a terminal. */
export type LogFormat = 'auto' | 'pretty' | 'json';

/**
 * The documented variables with their defaults. The README's configuration table
 * lists exactly these; a unit test keeps the two in step.
 */
export const configVariables = {
  LOG_LEVEL: { default: 'info', meaning: 'pino log level: fatal, error, warn, info, debug, trace or silent' },
  LOG_FORMAT: {
    default: 'auto',
    meaning:
      'log lines: pretty (readable, labelled with the service), json (one object per line, level names), or auto (pretty when stdout is a terminal, else json)',
  },
  HTTP_HOST: { default: '127.0.0.1', meaning: 'address the HTTP servers bind to (0.0.0.0 in containers)' },
  HTTP_DRAIN_TIMEOUT_MS: {
    default: '20000',
    meaning:
      'how long a stopping service waits for answers still being written and requests still arriving (a stalled upload) before it closes their connections; below the 30 s grace period of k8s/ so the shutdown hooks still run',
  },
  API_PORT: { default: '8080', meaning: 'port of apps/api' },
  PROJECTOR_PORT: { default: '8081', meaning: 'port of the projector health server' },
  SCHEDULER_PORT: { default: '8082', meaning: 'port of the scheduler health server' },
  TRAINER_PORT: { default: '8083', meaning: 'port of the trainer health server' },
  KAFKA_BROKERS: { default: '127.0.0.1:9092', meaning: 'comma-separated host:port list of bootstrap brokers' },
  KAFKA_CLIENT_ID: { default: 'hindsight', meaning: 'Kafka client id prefix' },
  KAFKA_TOPIC_PREFIX: { default: 'hindsight.', meaning: 'prefix of every topic name (tests use one per run)' },
  KAFKA_PARTITIONS: { default: '6', meaning: 'partitions of each event topic when the platform creates it' },
  KAFKA_REPLICATION_FACTOR: {
    default: '1',
    meaning: 'replication factor of the topics the platform creates (3 in production)',
  },
  PROJECTOR_GROUP_ID: {
    default: 'hindsight-projector',
    meaning: 'consumer group of the live projector (its offsets live in PostgreSQL)',
  },
  PROJECTOR_CONCURRENCY: {
    default: '3',
    meaning: 'partitions the projector and a replay apply at once, each sub-batch in its own transaction (1–64)',
  },
  KAFKA_ACK_TIMEOUT_MS: {
    default: '30000',
    meaning:
      'how long the scheduler, the trainer, the projector (dead letters), the CLI and the tools wait for Kafka to acknowledge a publish before failing (the api has PUBLISH_ACK_TIMEOUT_MS)',
  },
  DATABASE_URL: {
    default: 'postgres://postgres@127.0.0.1:5432/hindsight',
    meaning:
      'PostgreSQL connection URL; the database is created if missing. When nothing answers there on a loopback address, `npm start`/`stack:up` start an embedded PostgreSQL in HINDSIGHT_HOME',
  },
  DATABASE_SCHEMA: { default: 'public', meaning: 'schema that holds the tables (tests use one per run)' },
  DATABASE_POOL_SIZE: { default: '20', meaning: 'PostgreSQL connections per process' },
  API_BODY_LIMIT_BYTES: { default: '10485760', meaning: 'largest request body the api accepts (413 above it)' },
  API_RATE_LIMIT_PER_MINUTE: {
    default: '60000',
    meaning: 'requests per minute per API key unless the key sets its own (429 above it)',
  },
  IDEMPOTENCY_WINDOW_HOURS: {
    default: '24',
    meaning: 'how long a retried request with the same idempotency key returns the original response',
  },
  // 0 (issue #17 round 5): a lone request does not wait for companions it does not get at a few hundred requests/s;
  // what arrives during a send still goes together in the next one. 4 alternated pairs: p50 at 400 req/s 2 ms lower
  // in each, p99 and the maximum rates unchanged beyond the noise (bench/ingest/profiles/README.md, Round 5).
  PUBLISH_LINGER_MS: {
    default: '0',
    meaning:
      'how long the api waits to batch concurrent events into one Kafka send (0: until the event loop has read the requests already arrived; what arrives during a send goes in the next one)',
  },
  PUBLISH_ACK_TIMEOUT_MS: {
    default: '5000',
    meaning: 'how long the api waits for Kafka to acknowledge before answering 503',
  },
  WEB_DIST_DIR: {
    default: 'dist/web',
    meaning:
      'where `npm run build` writes the browser bundles the api serves at /annotate, /console and /assets, and the feedback widget (/widget/hindsight-feedback.js)',
  },
  SESSION_TTL_MINUTES: {
    default: '480',
    meaning: 'how long a browser session (POST /v1/session) lasts before the key must be entered again',
  },
  SESSION_SECRET: {
    default: '',
    meaning:
      'HMAC secret (32+ characters) signing session cookies; empty: a random one per api process, so sessions end when the api restarts',
  },
  QUEUE_LEASE_SECONDS: {
    default: '1800',
    meaning: 'how long an annotation assignment stays with its rater; then it expires and its slot returns to the pool',
  },
  QUEUE_REVERSAL_SHARE: {
    default: '0',
    meaning:
      'share (0 to 1) of tasks served again to the same rater with the response order reversed (reversal checks)',
  },
  HINDSIGHT_HOME: {
    default: '.hindsight',
    meaning: 'folder for the local Kafka jars, data and logs, and the embedded PostgreSQL (postgres/)',
  },
  DATASETS_DIR: {
    default: '.hindsight/datasets',
    meaning: 'where dataset builds requested through the api are written (one folder per build)',
  },
  HINDSIGHT_KEK: {
    default: '',
    meaning:
      'key-encryption keys as `id:base64key[,id:base64key…]`, the first one current; when set, HINDSIGHT_KEK_FILE is not read. The one secret to back up',
  },
  HINDSIGHT_KEK_FILE: {
    default: '<HINDSIGHT_HOME>/kek.json',
    meaning:
      'file of the key-encryption keys (created by `npm start` or `hindsight kek init` on a new platform, mode 0600); back it up',
  },
} as const;

export type ConfigVariable = keyof typeof configVariables;
type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the platform configuration.
 * @example loadPlatformConfig({ API_PORT: '9000' }).ports.api // 9000
 * @throws ConfigurationError naming the first bad variable and the rule it broke.
 */
export function loadPlatformConfig(env: Env = process.env): PlatformConfig {
  const read = (name: ConfigVariable): string => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? configVariables[name].default : value.trim();
  };
  return {
    logLevel: oneOf(read('LOG_LEVEL'), 'LOG_LEVEL', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    logFormat: oneOf(read('LOG_FORMAT'), 'LOG_FORMAT', ['auto', 'pretty', 'json'] as const),
    httpHost: read('HTTP_HOST'),
    httpDrainTimeoutMs: positiveInt(read('HTTP_DRAIN_TIMEOUT_MS'), 'HTTP_DRAIN_TIMEOUT_MS'),
    ports: {
      api: port(read('API_PORT'), 'API_PORT'),
      projector: port(read('PROJECTOR_PORT'), 'PROJECTOR_PORT'),
      scheduler: port(read('SCHEDULER_PORT'), 'SCHEDULER_PORT'),
      trainer: port(read('TRAINER_PORT'), 'TRAINER_PORT'),
    },
    kafka: {
      brokers: brokers(read('KAFKA_BROKERS')),
      clientId: read('KAFKA_CLIENT_ID'),
      topicPrefix: topicPrefix(read('KAFKA_TOPIC_PREFIX')),
      partitions: positiveInt(read('KAFKA_PARTITIONS'), 'KAFKA_PARTITIONS'),
      replicationFactor: positiveInt(read('KAFKA_REPLICATION_FACTOR'), 'KAFKA_REPLICATION_FACTOR'),
      projectorGroupId: groupId(read('PROJECTOR_GROUP_ID'), 'PROJECTOR_GROUP_ID'),
      projectorConcurrency: intBetween(read('PROJECTOR_CONCURRENCY'), 'PROJECTOR_CONCURRENCY', 1, 64),
      publishAckTimeoutMs: positiveInt(read('KAFKA_ACK_TIMEOUT_MS'), 'KAFKA_ACK_TIMEOUT_MS'),
    },
    database: {
      url: databaseUrl(read('DATABASE_URL')),
      schema: identifier(read('DATABASE_SCHEMA'), 'DATABASE_SCHEMA'),
      poolSize: positiveInt(read('DATABASE_POOL_SIZE'), 'DATABASE_POOL_SIZE'),
    },
    api: {
      bodyLimitBytes: positiveInt(read('API_BODY_LIMIT_BYTES'), 'API_BODY_LIMIT_BYTES'),
      rateLimitPerMinute: positiveInt(read('API_RATE_LIMIT_PER_MINUTE'), 'API_RATE_LIMIT_PER_MINUTE'),
      idempotencyWindowHours: positiveInt(read('IDEMPOTENCY_WINDOW_HOURS'), 'IDEMPOTENCY_WINDOW_HOURS'),
      publishLingerMs: nonNegativeInt(read('PUBLISH_LINGER_MS'), 'PUBLISH_LINGER_MS'),
      publishAckTimeoutMs: positiveInt(read('PUBLISH_ACK_TIMEOUT_MS'), 'PUBLISH_ACK_TIMEOUT_MS'),
    },
    web: {
      distDir: read('WEB_DIST_DIR'),
      sessionTtlMinutes: positiveInt(read('SESSION_TTL_MINUTES'), 'SESSION_TTL_MINUTES'),
      sessionSecret: sessionSecret(read('SESSION_SECRET')),
    },
    queues: {
      leaseSeconds: positiveInt(read('QUEUE_LEASE_SECONDS'), 'QUEUE_LEASE_SECONDS'),
      reversalShare: share(read('QUEUE_REVERSAL_SHARE'), 'QUEUE_REVERSAL_SHARE'),
    },
    home: read('HINDSIGHT_HOME'),
    datasetsDir: read('DATASETS_DIR'),
    keyEncryption: {
      inline: env.HINDSIGHT_KEK?.trim() ?? '',
      file:
        read('HINDSIGHT_KEK_FILE') === configVariables.HINDSIGHT_KEK_FILE.default
          ? `${read('HINDSIGHT_HOME').replace(/\/+$/, '')}/kek.json`
          : read('HINDSIGHT_KEK_FILE'),
    },
  };
}

function oneOf<T extends string>(value: string, name: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new ConfigurationError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function positiveInt(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new ConfigurationError(name, `must be a positive integer (got "${value}")`);
  return Number(value);
}

function nonNegativeInt(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new ConfigurationError(name, `must be a non-negative integer (got "${value}")`);
  return Number(value);
}

function intBetween(value: string, name: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max))
    throw new ConfigurationError(name, `must be an integer between ${min} and ${max} (got "${value}")`);
  return n;
}

function share(value: string, name: string): number {
  const n = /^(0(\.\d+)?|1(\.0+)?)$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new ConfigurationError(name, `must be a number between 0 and 1 (got "${value}")`);
  return n;
}

function sessionSecret(value: string): string {
  if (value !== '' && value.length < 32)
    throw new ConfigurationError('SESSION_SECRET', `must be at least 32 characters (got ${value.length})`);
  return value;
}

function port(value: string, name: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 65535))
    throw new ConfigurationError(name, `must be a TCP port between 1 and 65535 (got "${value}")`);
  return n;
}

function brokers(value: string): string[] {
  const list = value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const bad = list.find((b) => !/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/.test(b));
  if (list.length === 0 || bad !== undefined) {
    throw new ConfigurationError(
      'KAFKA_BROKERS',
      `must be a comma-separated list of host:port (got "${bad ?? value}")`,
    );
  }
  return list;
}

function groupId(value: string, name: string): string {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(value))
    throw new ConfigurationError(name, `may contain only letters, digits, ".", "_" and "-" (got "${value}")`);
  return value;
}

function topicPrefix(value: string): string {
  if (!/^[A-Za-z0-9._-]*$/.test(value))
    throw new ConfigurationError(
      'KAFKA_TOPIC_PREFIX',
      `may contain only letters, digits, ".", "_" and "-" (got "${value}")`,
    );
  return value;
}

function databaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // Echo the value without its credentials: it may hold a password, and errors end up in logs.
    throw new ConfigurationError(
      'DATABASE_URL',
      `must be a URL like postgres://user@host:5432/db (got "${value.replace(/\/\/[^@/]*@/, '//***@')}")`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigurationError('DATABASE_URL', `must use the postgres:// scheme (got "${url.protocol}")`);
  }
  if (url.pathname.length <= 1)
    throw new ConfigurationError(
      'DATABASE_URL',
      'must name a database, e.g. postgres://postgres@127.0.0.1:5432/hindsight',
    );
  return value;
}

function identifier(value: string, name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value))
    throw new ConfigurationError(name, `must be a lower-case SQL identifier (got "${value}")`);
  return value;
}
