import { TOPICS, type TopicBase, type WebhookEventKind } from '@hindsight/contracts';

/** A consumed message as the dispatcher sees it: an event's envelope, or a dead letter made to look like one. */
export interface SourceMessage {
  readonly topic: TopicBase;
  readonly tenant: string;
  /** The event type; `dead-letter` for a dead letter. */
  readonly type: string;
  /** The event id; `dlq:<topic>:<partition>:<offset>` for a dead letter. */
  readonly id: string;
  readonly recordedAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** One delivery a message makes: what it announces (the de-duplication key, with the webhook) and the payload's `data`. */
export interface Announcement {
  readonly sourceId: string;
  readonly data: unknown;
}

/** What a kind may look up to make its payload (implemented by the dispatcher over PostgreSQL). */
export interface AnnouncementPorts {
  /** The gate report of the trainer's run, or null when the run or its report is not known. */
  gateReport(tenant: string, runId: string): Promise<unknown>;
  /** The reward-hacking monitor's report of a policy-training run (its `flags`, `reasons`, `status`). */
  monitorReport(tenant: string, runId: string): Promise<{ readonly flags: readonly string[] } | null>;
}

export interface WebhookKindSource {
  /** The topic the dispatcher reads for this kind. */
  readonly topic: TopicBase;
  /** The types (header `hindsight-type`) it looks at; others are skipped unread. */
  readonly types: readonly string[];
  /** The deliveries one message makes (none, one, or one per flag). */
  readonly announce: (message: SourceMessage, ports: AnnouncementPorts) => Promise<readonly Announcement[]>;
}

const runIdOf = (m: SourceMessage) => String(m.data.runId);

/**
 * Every webhook kind's source, in one place: to add a kind, name it in
 * `WEBHOOK_EVENT_KINDS` (libs/contracts) and give it a row here (the type makes
 * a missing row a compile error). The dispatcher consumes the union of the topics.
 */
export const WEBHOOK_KIND_SOURCES: { readonly [K in WebhookEventKind]: WebhookKindSource } = {
  'retrain.completed': {
    topic: TOPICS.retraining,
    types: ['retrain.completed'],
    announce: async (m) => [{ sourceId: m.id, data: m.data }],
  },
  'retrain.failed': {
    topic: TOPICS.retraining,
    types: ['retrain.failed'],
    // The trainer records the run's gate report before it publishes the failure (its outbox is published after the commit).
    announce: async (m, ports) => [
      { sourceId: m.id, data: { ...m.data, gateReport: await ports.gateReport(m.tenant, runIdOf(m)) } },
    ],
  },
  'drift.threshold-exceeded': {
    topic: TOPICS.retraining,
    types: ['drift.measured'],
    // A reading at or above its policy's threshold, or one that fired a drift retrain.
    announce: async (m) => {
      const value = Number(m.data.value);
      const threshold = m.data.threshold === null || m.data.threshold === undefined ? null : Number(m.data.threshold);
      const above = threshold !== null && value >= threshold;
      return above || m.data.runId !== undefined ? [{ sourceId: m.id, data: m.data }] : [];
    },
  },
  'reward-hacking.flagged': {
    topic: TOPICS.retraining,
    types: ['training.metrics.reported', 'eval.human.reported'],
    // One delivery per run and flag, however many reports keep it flagged.
    announce: async (m, ports) => {
      const report = await ports.monitorReport(m.tenant, runIdOf(m));
      return (report?.flags ?? []).map((flag) => ({
        sourceId: `monitor:${runIdOf(m)}:${flag}`,
        data: { runId: runIdOf(m), flag, report },
      }));
    },
  },
  'dead-letter.recorded': {
    topic: TOPICS.deadLetter,
    types: ['dead-letter'],
    announce: async (m) => [{ sourceId: m.id, data: m.data }],
  },
  'routing.interaction-routed': {
    // Only the decisions of rules whose action is a webhook (`endpoint` names the rule's endpoint); tasks and review entries are not announced.
    topic: TOPICS.deployment,
    types: ['routing.interaction-routed'],
    announce: async (m) => (m.data.action === 'webhook' ? [{ sourceId: m.id, data: m.data }] : []),
  },
};

/** The topics the dispatcher consumes: every kind's, once. */
export function webhookSourceTopics(): TopicBase[] {
  return [...new Set(Object.values(WEBHOOK_KIND_SOURCES).map((s) => s.topic))];
}

/** The kinds a message of this topic and type can make. */
export function kindsFor(topic: TopicBase, type: string): WebhookEventKind[] {
  return (Object.entries(WEBHOOK_KIND_SOURCES) as [WebhookEventKind, WebhookKindSource][])
    .filter(([, s]) => s.topic === topic && s.types.includes(type))
    .map(([kind]) => kind);
}
