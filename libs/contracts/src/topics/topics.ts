import { ValidationError } from '../errors/hindsight-error';

/**
 * Kafka topics by base name. The full name is `prefix + base`
 * (`hindsight.annotations` with the default prefix); integration tests use a
 * prefix per run. Which event goes to which topic, and under which key, is
 * declared by each event definition (`eventRegistry[type].topic` and
 * `.partitionKey(event)`):
 *
 * | topic         | event types                                                   | key            |
 * | ------------- | ------------------------------------------------------------- | -------------- |
 * | annotations   | comparison.*, rating.*, annotation.*, rater.profiled           | task id (rater.profiled: rater id) |
 * | deployment    | interaction.logged, feedback.recorded, outcome.recorded       | interaction id |
 * | retraining    | retrain.*, model.registered, training.metrics.reported, eval.human.reported | run id |
 * | governance    | subject.erasure.requested                                     | subject id     |
 * | configuration | records people create: policies, API keys, run budgets, webhook subscriptions | record id |
 * | queues        | annotation queues, their tasks and assignments                | queue id       |
 * | webhooks      | webhook.delivery-attempted: every attempt at an outbound webhook | delivery id  |
 * | subject-keys  | wrapped per-subject data keys (compacted, not events)         | tenant/kind/id |
 * | dead-letter   | messages a consumer could not apply, with the reason          | source key     |
 */
export const TOPICS = {
  annotations: 'annotations',
  deployment: 'deployment',
  retraining: 'retraining',
  governance: 'governance',
  configuration: 'configuration',
  queues: 'queues',
  webhooks: 'webhooks',
  subjectKeys: 'subject-keys',
  deadLetter: 'dead-letter',
} as const;

export type TopicBase = (typeof TOPICS)[keyof typeof TOPICS];

/** Topics that hold events (everything but the dead-letter topic). */
export const EVENT_TOPICS: readonly TopicBase[] = [
  TOPICS.annotations,
  TOPICS.deployment,
  TOPICS.retraining,
  TOPICS.governance,
  TOPICS.configuration,
  TOPICS.queues,
  TOPICS.webhooks,
];

export const DEFAULT_TOPIC_PREFIX = 'hindsight.';

/** Kafka's own limits on topic names: legal characters, at most 249 of them. */
const TOPIC_NAME_PATTERN = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * The full topic name: `topicName('hindsight.', 'annotations')` → `hindsight.annotations`.
 * Throws `ValidationError` (path `prefix`) if the result is not a legal Kafka topic name.
 */
export function topicName(prefix: string, base: TopicBase): string {
  const name = `${prefix}${base}`;
  if (!TOPIC_NAME_PATTERN.test(name)) {
    throw new ValidationError([
      { path: 'prefix', rule: 'must make a Kafka topic name of [A-Za-z0-9._-], at most 249 chars' },
    ]);
  }
  return name;
}

/** Unlimited retention: Kafka is the source of truth. */
export const RETENTION_FOREVER_MS = '-1';
/**
 * The dead-letter topic keeps 90 days: it holds pointers and reasons for
 * diagnosis; the original message stays in its own topic for ever.
 */
export const DEAD_LETTER_RETENTION_MS = String(90 * 24 * 60 * 60 * 1000);

export interface TopicSpec {
  readonly base: TopicBase;
  readonly kind: 'events' | 'keys' | 'dead-letter';
  /** Default partition count; the platform may override it per deployment. */
  readonly partitions: number;
  /** Topic configuration passed to Kafka at creation, as strings. */
  readonly config: Readonly<Record<string, string>>;
}

export const DEFAULT_EVENT_TOPIC_PARTITIONS = 12;
export const DEFAULT_DEAD_LETTER_PARTITIONS = 3;

/**
 * Topics the platform creates explicitly at start-up (auto-creation is off).
 * Replication factor and `min.insync.replicas` depend on the cluster and are
 * the platform's choice.
 */
export const topicSpecs: readonly TopicSpec[] = [
  ...EVENT_TOPICS.map((base): TopicSpec => ({
    base,
    kind: 'events',
    partitions: DEFAULT_EVENT_TOPIC_PARTITIONS,
    config: { 'retention.ms': RETENTION_FOREVER_MS, 'cleanup.policy': 'delete' },
  })),
  {
    // The latest record per subject is all that matters: compaction removes a key's
    // earlier record once its destruction marker follows (see the README's erasure
    // section for how soon). segment.ms bounds how long a destroyed key can wait in
    // the active segment, which compaction never touches.
    base: TOPICS.subjectKeys,
    kind: 'keys',
    partitions: DEFAULT_EVENT_TOPIC_PARTITIONS,
    config: {
      'cleanup.policy': 'compact',
      'retention.ms': RETENTION_FOREVER_MS,
      'segment.ms': String(24 * 60 * 60 * 1000),
      'min.cleanable.dirty.ratio': '0.1',
      'delete.retention.ms': String(24 * 60 * 60 * 1000),
    },
  },
  {
    base: TOPICS.deadLetter,
    kind: 'dead-letter',
    partitions: DEFAULT_DEAD_LETTER_PARTITIONS,
    config: { 'retention.ms': DEAD_LETTER_RETENTION_MS, 'cleanup.policy': 'delete' },
  },
];
